#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "core/text.h"
#include "core/util.h"
#include "offline/gloss.h"

/*
 * Each word case-folded and in NFC, as text_name_key makes the text it is
 * looked for in (the unit checks hold the tables to it), and the English
 * word lexicon.c, species.c or scenery.c knows. How a word is found
 * follows from its script (gloss.h).
 */
struct gloss {
	const char *word, *en;
};

static const struct gloss beings[] = {
	/* Spanish */
	{ "zorro", "fox" }, { "zorra", "fox" }, { "búho", "owl" },
	{ "lechuza", "owl" }, { "ardilla", "squirrel" },
	{ "conejo", "rabbit" }, { "coneja", "rabbit" },
	{ "liebre", "rabbit" }, { "oso", "bear" }, { "osa", "bear" },
	{ "ciervo", "deer" }, { "venado", "deer" }, { "cervatillo", "deer" },
	{ "mono", "monkey" }, { "elefante", "elephant" }, { "león", "lion" },
	{ "leona", "lion" }, { "leones", "lion" }, { "tigre", "tiger" },
	{ "ratón", "mouse" }, { "ratones", "mouse" },
	{ "ratoncito", "mouse" }, { "pájaro", "bird" },
	{ "pajarito", "bird" }, { "ave", "bird" }, { "cuervo", "crow" },
	{ "paloma", "dove" }, { "vaca", "cow" }, { "cabra", "goat" },
	{ "caballo", "horse" }, { "gato", "cat" }, { "gata", "cat" },
	{ "gatito", "cat" }, { "perro", "dog" }, { "perra", "dog" },
	{ "perrito", "dog" }, { "cachorro", "dog" }, { "tortuga", "turtle" },
	{ "rana", "frog" }, { "sapo", "frog" }, { "pez", "fish" },
	{ "peces", "fish" }, { "abeja", "bug" }, { "hormiga", "bug" },
	{ "mariposa", "bug" }, { "árbol", "tree" }, { "flor", "flower" },
	{ "dragón", "dragon" }, { "niño", "boy" }, { "chico", "boy" },
	{ "niña", "girl" }, { "chica", "girl" }, { "hombre", "man" },
	{ "mujer", "woman" }, { "abuela", "grandmother" },
	{ "abuelita", "grandmother" }, { "abuelo", "grandfather" },
	{ "abuelito", "grandfather" }, { "rey", "king" },
	{ "reina", "queen" }, { "príncipe", "prince" },
	{ "princesa", "princess" }, { "lobo", "wolf" }, { "oveja", "sheep" },
	{ "cerdo", "pig" }, { "pato", "duck" }, { "gallina", "hen" },
	{ "erizo", "hedgehog" }, { "pingüino", "penguin" },
	{ "ballena", "whale" }, { "delfín", "dolphin" },
	{ "serpiente", "snake" }, { "jirafa", "giraffe" },
	{ "camello", "camel" }, { "loro", "parrot" }, { "águila", "eagle" },
	{ "cocodrilo", "crocodile" }, { "unicornio", "unicorn" },
	/* French */
	{ "renard", "fox" }, { "renarde", "fox" }, { "hibou", "owl" },
	{ "chouette", "owl" }, { "écureuil", "squirrel" },
	{ "lapin", "rabbit" }, { "lièvre", "rabbit" }, { "ours", "bear" },
	{ "ourse", "bear" }, { "cerf", "deer" }, { "biche", "deer" },
	{ "faon", "deer" }, { "singe", "monkey" }, { "éléphant", "elephant" },
	{ "lionne", "lion" }, { "souris", "mouse" }, { "oiseau", "bird" },
	{ "oiseaux", "bird" }, { "corbeau", "crow" }, { "colombe", "dove" },
	{ "vache", "cow" }, { "chèvre", "goat" }, { "cheval", "horse" },
	{ "chevaux", "horse" }, { "chat", "cat" }, { "chatte", "cat" },
	{ "chaton", "cat" }, { "chien", "dog" }, { "chienne", "dog" },
	{ "chiot", "dog" }, { "tortue", "turtle" }, { "grenouille", "frog" },
	{ "crapaud", "frog" }, { "poisson", "fish" }, { "abeille", "bug" },
	{ "fourmi", "bug" }, { "papillon", "bug" }, { "arbre", "tree" },
	{ "fleur", "flower" }, { "garçon", "boy" }, { "fille", "girl" },
	{ "fillette", "girl" }, { "homme", "man" }, { "femme", "woman" },
	{ "grand-mère", "grandmother" }, { "mamie", "grandmother" },
	{ "grand-père", "grandfather" }, { "papi", "grandfather" },
	{ "roi", "king" }, { "reine", "queen" }, { "princesse", "princess" },
	{ "loup", "wolf" }, { "mouton", "sheep" }, { "cochon", "pig" },
	{ "canard", "duck" }, { "poule", "hen" }, { "hérisson", "hedgehog" },
	{ "manchot", "penguin" }, { "baleine", "whale" },
	{ "dauphin", "dolphin" }, { "girafe", "giraffe" },
	{ "chameau", "camel" }, { "perroquet", "parrot" },
	{ "aigle", "eagle" }, { "licorne", "unicorn" },
	/* German */
	{ "fuchs", "fox" }, { "füchsin", "fox" }, { "eule", "owl" },
	{ "eichhörnchen", "squirrel" }, { "hase", "rabbit" },
	{ "häschen", "rabbit" }, { "kaninchen", "rabbit" }, { "bär", "bear" },
	{ "bärin", "bear" }, { "hirsch", "deer" }, { "reh", "deer" },
	{ "affe", "monkey" }, { "elefant", "elephant" }, { "löwe", "lion" },
	{ "löwin", "lion" }, { "maus", "mouse" }, { "mäuse", "mouse" },
	{ "vogel", "bird" }, { "vögel", "bird" }, { "rabe", "crow" },
	{ "krähe", "crow" }, { "taube", "dove" }, { "kuh", "cow" },
	{ "ziege", "goat" }, { "pferd", "horse" }, { "katze", "cat" },
	{ "katzen", "cat" }, { "kater", "cat" }, { "kätzchen", "cat" },
	{ "hund", "dog" }, { "hunde", "dog" }, { "welpe", "dog" },
	{ "schildkröte", "turtle" }, { "frosch", "frog" },
	{ "fisch", "fish" }, { "biene", "bug" }, { "ameise", "bug" },
	{ "schmetterling", "bug" }, { "baum", "tree" }, { "blume", "flower" },
	{ "drache", "dragon" }, { "junge", "boy" }, { "mädchen", "girl" },
	{ "mann", "man" }, { "frau", "woman" }, { "oma", "grandmother" },
	{ "grossmutter", "grandmother" }, { "opa", "grandfather" },
	{ "grossvater", "grandfather" }, { "könig", "king" },
	{ "königin", "queen" }, { "prinz", "prince" },
	{ "prinzessin", "princess" }, { "schaf", "sheep" },
	{ "schwein", "pig" }, { "ente", "duck" }, { "huhn", "hen" },
	{ "henne", "hen" }, { "igel", "hedgehog" }, { "pinguin", "penguin" },
	{ "wal", "whale" }, { "delfin", "dolphin" }, { "schlange", "snake" },
	{ "kamel", "camel" }, { "papagei", "parrot" }, { "adler", "eagle" },
	{ "krokodil", "crocodile" }, { "einhorn", "unicorn" },
	/* Italian */
	{ "volpe", "fox" }, { "gufo", "owl" }, { "civetta", "owl" },
	{ "scoiattolo", "squirrel" }, { "coniglio", "rabbit" },
	{ "coniglietto", "rabbit" }, { "lepre", "rabbit" },
	{ "orso", "bear" }, { "orsa", "bear" }, { "orsetto", "bear" },
	{ "cervo", "deer" }, { "scimmia", "monkey" },
	{ "scimmietta", "monkey" }, { "leone", "lion" },
	{ "leonessa", "lion" }, { "topo", "mouse" }, { "topolino", "mouse" },
	{ "uccello", "bird" }, { "uccellino", "bird" }, { "corvo", "crow" },
	{ "colomba", "dove" }, { "mucca", "cow" }, { "capra", "goat" },
	{ "cavallo", "horse" }, { "gatto", "cat" }, { "gatta", "cat" },
	{ "gattino", "cat" }, { "cane", "dog" }, { "cagnolino", "dog" },
	{ "tartaruga", "turtle" }, { "pesce", "fish" }, { "formica", "bug" },
	{ "farfalla", "bug" }, { "albero", "tree" }, { "fiore", "flower" },
	{ "drago", "dragon" }, { "ragazzo", "boy" }, { "bambino", "boy" },
	{ "ragazza", "girl" }, { "bambina", "girl" }, { "uomo", "man" },
	{ "donna", "woman" }, { "nonna", "grandmother" },
	{ "nonno", "grandfather" }, { "principe", "prince" },
	{ "principessa", "princess" }, { "lupo", "wolf" },
	{ "pecora", "sheep" }, { "maiale", "pig" }, { "anatra", "duck" },
	{ "riccio", "hedgehog" }, { "pinguino", "penguin" },
	{ "balena", "whale" }, { "delfino", "dolphin" },
	{ "serpente", "snake" }, { "giraffa", "giraffe" },
	{ "cammello", "camel" }, { "pappagallo", "parrot" },
	{ "aquila", "eagle" }, { "coccodrillo", "crocodile" },
	{ "unicorno", "unicorn" },
	/* Portuguese */
	{ "raposa", "fox" }, { "coruja", "owl" }, { "esquilo", "squirrel" },
	{ "coelho", "rabbit" }, { "coelhinho", "rabbit" },
	{ "lebre", "rabbit" }, { "urso", "bear" }, { "ursa", "bear" },
	{ "veado", "deer" }, { "macaco", "monkey" }, { "leão", "lion" },
	{ "leoa", "lion" }, { "rato", "mouse" }, { "ratinho", "mouse" },
	{ "pássaro", "bird" }, { "passarinho", "bird" }, { "pomba", "dove" },
	{ "cavalo", "horse" }, { "gatinho", "cat" }, { "cachorrinho", "dog" },
	{ "cão", "dog" }, { "peixe", "fish" }, { "abelha", "bug" },
	{ "formiga", "bug" }, { "borboleta", "bug" }, { "árvore", "tree" },
	{ "dragão", "dragon" }, { "menino", "boy" }, { "garoto", "boy" },
	{ "menina", "girl" }, { "garota", "girl" }, { "homem", "man" },
	{ "mulher", "woman" }, { "avó", "grandmother" },
	{ "vovó", "grandmother" }, { "avô", "grandfather" },
	{ "vovô", "grandfather" }, { "rei", "king" }, { "rainha", "queen" },
	{ "ovelha", "sheep" }, { "porco", "pig" }, { "galinha", "hen" },
	{ "ouriço", "hedgehog" }, { "pinguim", "penguin" },
	{ "baleia", "whale" }, { "golfinho", "dolphin" },
	{ "girafa", "giraffe" }, { "camelo", "camel" },
	{ "papagaio", "parrot" }, { "jacaré", "crocodile" },
	{ "unicórnio", "unicorn" },
	/* Swahili */
	{ "mbweha", "fox" }, { "bundi", "owl" }, { "sungura", "rabbit" },
	{ "dubu", "bear" }, { "kulungu", "deer" }, { "nyani", "monkey" },
	{ "tumbili", "monkey" }, { "tembo", "elephant" },
	{ "ndovu", "elephant" }, { "simba", "lion" }, { "chui", "tiger" },
	{ "panya", "mouse" }, { "ndege", "bird" }, { "kunguru", "crow" },
	{ "njiwa", "dove" }, { "ng'ombe", "cow" }, { "mbuzi", "goat" },
	{ "farasi", "horse" }, { "paka", "cat" }, { "mbwa", "dog" },
	{ "mbwa mwitu", "wolf" }, { "kobe", "turtle" }, { "kasa", "turtle" },
	{ "chura", "frog" }, { "samaki", "fish" }, { "nyuki", "bug" },
	{ "mti", "tree" }, { "joka", "dragon" }, { "mvulana", "boy" },
	{ "msichana", "girl" }, { "mwanamume", "man" },
	{ "mwanamke", "woman" }, { "bibi", "grandmother" },
	{ "babu", "grandfather" }, { "mfalme", "king" },
	{ "malkia", "queen" }, { "kondoo", "sheep" }, { "nguruwe", "pig" },
	{ "bata", "duck" }, { "kuku", "hen" }, { "nyangumi", "whale" },
	{ "nyoka", "snake" }, { "twiga", "giraffe" }, { "ngamia", "camel" },
	{ "kasuku", "parrot" }, { "mamba", "crocodile" },
	/* Russian (the start of a word) */
	{ "лис", "fox" }, { "лисён", "fox" }, { "сова", "owl" }, { "совы", "owl" },
	{ "сову", "owl" }, { "совой", "owl" }, { "совён", "owl" },
	{ "белк", "squirrel" }, { "бельчон", "squirrel" },
	{ "заяц", "rabbit" }, { "зайц", "rabbit" }, { "зайч", "rabbit" },
	{ "крол", "rabbit" }, { "медвед", "bear" }, { "медвеж", "bear" },
	{ "олен", "deer" }, { "оленён", "deer" }, { "обезьян", "monkey" }, { "слон", "elephant" },
	{ "лев", "lion" }, { "льв", "lion" }, { "тигр", "tiger" },
	{ "мыш", "mouse" }, { "мышон", "mouse" }, { "птиц", "bird" }, { "птич", "bird" },
	{ "ворон", "crow" }, { "голуб", "dove" }, { "коров", "cow" },
	{ "коз", "goat" }, { "козл", "goat" }, { "лошад", "horse" },
	{ "конь", "horse" }, { "кот", "cat" }, { "кошк", "cat" },
	{ "собак", "dog" }, { "пёс", "dog" }, { "щен", "dog" },
	{ "черепах", "turtle" }, { "лягуш", "frog" }, { "жаб", "frog" },
	{ "рыб", "fish" }, { "пчел", "bug" }, { "мурав", "bug" },
	{ "бабоч", "bug" }, { "робот", "robot" }, { "дерев", "tree" },
	{ "дракон", "dragon" }, { "мальчик", "boy" }, { "девоч", "girl" },
	{ "девуш", "girl" }, { "мужчин", "man" }, { "женщин", "woman" },
	{ "бабуш", "grandmother" }, { "дедуш", "grandfather" },
	{ "дед", "grandfather" }, { "корол", "king" }, { "королев", "queen" },
	{ "принц", "prince" }, { "принцесс", "princess" }, { "волк", "wolf" },
	{ "волч", "wolf" }, { "волчон", "wolf" }, { "овц", "sheep" }, { "овеч", "sheep" },
	{ "свин", "pig" }, { "поросён", "pig" }, { "утк", "duck" },
	{ "утён", "duck" }, { "куриц", "hen" }, { "ёж", "hedgehog" },
	{ "ёжик", "hedgehog" }, { "ежик", "hedgehog" },
	{ "пингвин", "penguin" }, { "дельфин", "dolphin" },
	{ "зме", "snake" }, { "жираф", "giraffe" }, { "верблюд", "camel" },
	{ "попуг", "parrot" }, { "орёл", "eagle" }, { "орел", "eagle" },
	{ "орл", "eagle" }, { "крокодил", "crocodile" },
	{ "единорог", "unicorn" },
	/* Hindi (the start of a word) */
	{ "लोमड़ी", "fox" }, { "उल्लू", "owl" }, { "गिलहरी", "squirrel" },
	{ "खरगोश", "rabbit" }, { "भालू", "bear" }, { "हिरण", "deer" },
	{ "हिरन", "deer" }, { "बंदर", "monkey" }, { "हाथी", "elephant" },
	{ "शेर", "lion" }, { "बाघ", "tiger" }, { "चूह", "mouse" },
	{ "चुहिया", "mouse" }, { "चिड़िया", "bird" }, { "पक्षी", "bird" },
	{ "कौआ", "crow" }, { "कौवा", "crow" }, { "कबूतर", "dove" },
	{ "गाय", "cow" }, { "बकरी", "goat" }, { "बकरा", "goat" },
	{ "घोड़ा", "horse" }, { "घोड़े", "horse" }, { "बिल्ली", "cat" },
	{ "कुत्ता", "dog" }, { "कुत्ते", "dog" }, { "पिल्ला", "dog" },
	{ "कछुआ", "turtle" }, { "मेंढक", "frog" }, { "मछली", "fish" },
	{ "मधुमक्खी", "bug" }, { "चींटी", "bug" }, { "तितली", "bug" },
	{ "पेड़", "tree" }, { "फूल", "flower" }, { "ड्रैगन", "dragon" },
	{ "लड़का", "boy" }, { "लड़के", "boy" }, { "लड़की", "girl" },
	{ "आदमी", "man" }, { "औरत", "woman" }, { "महिला", "woman" },
	{ "दादी", "grandmother" }, { "नानी", "grandmother" },
	{ "दादा", "grandfather" }, { "नाना", "grandfather" },
	{ "राजा", "king" }, { "रानी", "queen" }, { "राजकुमार", "prince" },
	{ "राजकुमारी", "princess" }, { "भेड़िया", "wolf" },
	{ "भेड़", "sheep" }, { "सूअर", "pig" }, { "बत्तख", "duck" },
	{ "मुर्गी", "hen" }, { "रोबोट", "robot" }, { "साँप", "snake" },
	{ "सांप", "snake" }, { "जिराफ", "giraffe" }, { "ऊँट", "camel" },
	{ "ऊंट", "camel" }, { "तोता", "parrot" }, { "गरुड़", "eagle" },
	{ "मगरमच्छ", "crocodile" },
	/* Arabic (anywhere: the article and prepositions are joined to the word) */
	{ "ثعلب", "fox" }, { "بومة", "owl" }, { "سنجاب", "squirrel" },
	{ "أرنب", "rabbit" }, { "ارنب", "rabbit" }, { "الدب", "bear" },
	{ "دبدوب", "bear" }, { "غزال", "deer" }, { "قرد", "monkey" },
	{ "فيل", "elephant" }, { "أسد", "lion" }, { "اسد", "lion" },
	{ "نمر", "tiger" }, { "فأر", "mouse" }, { "طائر", "bird" },
	{ "عصفور", "bird" }, { "غراب", "crow" }, { "حمامة", "dove" },
	{ "بقرة", "cow" }, { "ماعز", "goat" }, { "عنزة", "goat" },
	{ "حصان", "horse" }, { "قطة", "cat" }, { "هرة", "cat" },
	{ "كلب", "dog" }, { "جرو", "dog" }, { "سلحفاة", "turtle" },
	{ "ضفدع", "frog" }, { "سمكة", "fish" }, { "نحلة", "bug" },
	{ "نملة", "bug" }, { "فراشة", "bug" }, { "شجرة", "tree" },
	{ "زهرة", "flower" }, { "تنين", "dragon" }, { "روبوت", "robot" },
	{ "ولد", "boy" }, { "صبي", "boy" }, { "بنت", "girl" },
	{ "فتاة", "girl" }, { "رجل", "man" }, { "امرأة", "woman" },
	{ "جدة", "grandmother" }, { "ملك", "king" }, { "ملكة", "queen" },
	{ "أمير", "prince" }, { "أميرة", "princess" }, { "ذئب", "wolf" },
	{ "خروف", "sheep" }, { "خنزير", "pig" }, { "بطة", "duck" },
	{ "دجاجة", "hen" }, { "قنفذ", "hedgehog" }, { "بطريق", "penguin" },
	{ "حوت", "whale" }, { "دلفين", "dolphin" }, { "ثعبان", "snake" },
	{ "أفعى", "snake" }, { "زرافة", "giraffe" }, { "جمل", "camel" },
	{ "ببغاء", "parrot" }, { "نسر", "eagle" }, { "تمساح", "crocodile" },
	/* Japanese and Chinese (anywhere) */
	{ "きつね", "fox" }, { "キツネ", "fox" }, { "狐", "fox" },
	{ "狐狸", "fox" }, { "ふくろう", "owl" }, { "フクロウ", "owl" },
	{ "梟", "owl" }, { "猫头鹰", "owl" }, { "貓頭鷹", "owl" },
	{ "りす", "squirrel" }, { "リス", "squirrel" },
	{ "松鼠", "squirrel" }, { "うさぎ", "rabbit" },
	{ "ウサギ", "rabbit" }, { "兎", "rabbit" }, { "兔", "rabbit" },
	{ "くま", "bear" }, { "クマ", "bear" }, { "熊", "bear" },
	{ "シカ", "deer" }, { "鹿", "deer" }, { "サル", "monkey" },
	{ "猿", "monkey" }, { "猴", "monkey" }, { "ゾウ", "elephant" },
	{ "象", "elephant" }, { "ライオン", "lion" }, { "狮", "lion" },
	{ "獅", "lion" }, { "トラ", "tiger" }, { "虎", "tiger" },
	{ "ねずみ", "mouse" }, { "ネズミ", "mouse" }, { "鼠", "mouse" },
	{ "鳥", "bird" }, { "ことり", "bird" }, { "小鳥", "bird" },
	{ "鸟", "bird" }, { "カラス", "crow" }, { "からす", "crow" },
	{ "烏", "crow" }, { "乌鸦", "crow" }, { "烏鴉", "crow" },
	{ "ハト", "dove" }, { "鳩", "dove" }, { "鸽", "dove" },
	{ "鴿", "dove" }, { "ウシ", "cow" }, { "牛", "cow" },
	{ "ヤギ", "goat" }, { "やぎ", "goat" }, { "山羊", "goat" },
	{ "ウマ", "horse" }, { "馬", "horse" }, { "马", "horse" },
	{ "ねこ", "cat" }, { "ネコ", "cat" }, { "猫", "cat" },
	{ "貓", "cat" }, { "いぬ", "dog" }, { "イヌ", "dog" },
	{ "犬", "dog" }, { "こいぬ", "dog" }, { "狗", "dog" },
	{ "カメ", "turtle" }, { "亀", "turtle" }, { "龟", "turtle" },
	{ "龜", "turtle" }, { "カエル", "frog" }, { "蛙", "frog" },
	{ "さかな", "fish" }, { "魚", "fish" }, { "鱼", "fish" },
	{ "ハチ", "bug" }, { "蜂", "bug" }, { "アリ", "bug" },
	{ "蟻", "bug" }, { "蚂蚁", "bug" }, { "チョウ", "bug" },
	{ "蝶", "bug" }, { "木", "tree" }, { "树", "tree" }, { "樹", "tree" },
	{ "花", "flower" }, { "ドラゴン", "dragon" }, { "竜", "dragon" },
	{ "龍", "dragon" }, { "龙", "dragon" }, { "ロボット", "robot" },
	{ "机器人", "robot" }, { "機器人", "robot" }, { "おとこのこ", "boy" },
	{ "男の子", "boy" }, { "少年", "boy" }, { "男孩", "boy" },
	{ "おんなのこ", "girl" }, { "女の子", "girl" }, { "少女", "girl" },
	{ "女孩", "girl" }, { "男", "man" }, { "女", "woman" },
	{ "おばあさん", "grandmother" }, { "おばあちゃん", "grandmother" },
	{ "祖母", "grandmother" }, { "奶奶", "grandmother" },
	{ "外婆", "grandmother" }, { "おじいさん", "grandfather" },
	{ "おじいちゃん", "grandfather" }, { "祖父", "grandfather" },
	{ "爷爷", "grandfather" }, { "爺爺", "grandfather" },
	{ "外公", "grandfather" }, { "王様", "king" }, { "王", "king" },
	{ "国王", "king" }, { "國王", "king" }, { "女王", "queen" },
	{ "王后", "queen" }, { "王子", "prince" }, { "おうじ", "prince" },
	{ "王女", "princess" }, { "姫", "princess" },
	{ "おひめさま", "princess" }, { "公主", "princess" },
	{ "おおかみ", "wolf" }, { "オオカミ", "wolf" }, { "狼", "wolf" },
	{ "ひつじ", "sheep" }, { "ヒツジ", "sheep" }, { "羊", "sheep" },
	{ "绵羊", "sheep" }, { "ぶた", "pig" }, { "ブタ", "pig" },
	{ "豚", "pig" }, { "猪", "pig" }, { "豬", "pig" },
	{ "あひる", "duck" }, { "アヒル", "duck" }, { "鸭", "duck" },
	{ "鴨", "duck" }, { "にわとり", "hen" }, { "ニワトリ", "hen" },
	{ "鶏", "hen" }, { "鸡", "hen" }, { "雞", "hen" },
	{ "はりねずみ", "hedgehog" }, { "ハリネズミ", "hedgehog" },
	{ "刺猬", "hedgehog" }, { "ペンギン", "penguin" },
	{ "企鹅", "penguin" }, { "企鵝", "penguin" }, { "くじら", "whale" },
	{ "クジラ", "whale" }, { "鯨", "whale" }, { "鲸", "whale" },
	{ "イルカ", "dolphin" }, { "海豚", "dolphin" }, { "へび", "snake" },
	{ "ヘビ", "snake" }, { "蛇", "snake" }, { "キリン", "giraffe" },
	{ "长颈鹿", "giraffe" }, { "長頸鹿", "giraffe" },
	{ "ラクダ", "camel" }, { "骆驼", "camel" }, { "駱駝", "camel" },
	{ "オウム", "parrot" }, { "鹦鹉", "parrot" }, { "鸚鵡", "parrot" },
	{ "ワシ", "eagle" }, { "鷲", "eagle" }, { "鹰", "eagle" },
	{ "鷹", "eagle" }, { "ワニ", "crocodile" }, { "鳄鱼", "crocodile" },
	{ "鱷魚", "crocodile" }, { "ユニコーン", "unicorn" },
	{ "独角兽", "unicorn" }, { "獨角獸", "unicorn" },
	{ NULL, NULL }
};

static const struct gloss places[] = {
	/* Spanish */
	{ "bosque", "forest" }, { "selva", "jungle" }, { "río", "river" },
	{ "arroyo", "stream" }, { "lago", "lake" }, { "laguna", "lake" },
	{ "estanque", "pond" }, { "mar", "sea" }, { "océano", "ocean" },
	{ "playa", "beach" }, { "isla", "island" }, { "pueblo", "village" },
	{ "aldea", "village" }, { "ciudad", "city" },
	{ "montaña", "mountain" }, { "montañas", "mountain" },
	{ "colina", "hill" }, { "valle", "valley" }, { "desierto", "desert" },
	{ "granja", "farm" }, { "prado", "meadow" }, { "jardín", "garden" },
	{ "parque", "park" }, { "escuela", "school" }, { "casa", "house" },
	{ "castillo", "castle" }, { "palacio", "palace" },
	{ "reino", "kingdom" }, { "nieve", "snow" }, { "invierno", "winter" },
	{ "planeta", "planet" }, { "cueva", "cave" }, { "noche", "night" },
	/* French */
	{ "forêt", "forest" }, { "bois", "wood" }, { "rivière", "river" },
	{ "fleuve", "river" }, { "ruisseau", "stream" }, { "lac", "lake" },
	{ "étang", "pond" }, { "mer", "sea" }, { "océan", "ocean" },
	{ "plage", "beach" }, { "île", "island" }, { "ville", "town" },
	{ "montagne", "mountain" }, { "colline", "hill" },
	{ "vallée", "valley" }, { "désert", "desert" }, { "ferme", "farm" },
	{ "champ", "field" }, { "prairie", "meadow" }, { "jardin", "garden" },
	{ "parc", "park" }, { "école", "school" }, { "maison", "house" },
	{ "château", "castle" }, { "palais", "palace" },
	{ "royaume", "kingdom" }, { "neige", "snow" }, { "hiver", "winter" },
	{ "planète", "planet" }, { "grotte", "cave" }, { "caverne", "cave" },
	{ "nuit", "night" },
	/* German */
	{ "wald", "forest" }, { "dschungel", "jungle" }, { "fluss", "river" },
	{ "bach", "stream" }, { "teich", "pond" }, { "meer", "sea" },
	{ "ozean", "ocean" }, { "strand", "beach" }, { "insel", "island" },
	{ "dorf", "village" }, { "stadt", "town" }, { "grossstadt", "city" },
	{ "berg", "mountain" }, { "berge", "mountain" },
	{ "gebirge", "mountain" }, { "hügel", "hill" }, { "tal", "valley" },
	{ "wüste", "desert" }, { "bauernhof", "farm" }, { "feld", "field" },
	{ "wiese", "meadow" }, { "garten", "garden" }, { "schule", "school" },
	{ "haus", "house" }, { "zuhause", "home" }, { "burg", "castle" },
	{ "schloss", "castle" }, { "palast", "palace" },
	{ "königreich", "kingdom" }, { "schnee", "snow" },
	{ "weltraum", "space" }, { "höhle", "cave" }, { "nacht", "night" },
	/* Italian */
	{ "foresta", "forest" }, { "bosco", "wood" }, { "giungla", "jungle" },
	{ "fiume", "river" }, { "ruscello", "stream" }, { "stagno", "pond" },
	{ "oceano", "ocean" }, { "spiaggia", "beach" }, { "isola", "island" },
	{ "villaggio", "village" }, { "paese", "village" },
	{ "città", "city" }, { "montagna", "mountain" },
	{ "collina", "hill" }, { "deserto", "desert" },
	{ "fattoria", "farm" }, { "prato", "meadow" },
	{ "giardino", "garden" }, { "parco", "park" }, { "scuola", "school" },
	{ "castello", "castle" }, { "palazzo", "palace" },
	{ "regno", "kingdom" }, { "neve", "snow" }, { "inverno", "winter" },
	{ "spazio", "space" }, { "pianeta", "planet" }, { "grotta", "cave" },
	{ "caverna", "cave" }, { "notte", "night" },
	/* Portuguese */
	{ "floresta", "forest" }, { "mata", "forest" }, { "rio", "river" },
	{ "riacho", "stream" }, { "lagoa", "pond" }, { "praia", "beach" },
	{ "ilha", "island" }, { "aldeia", "village" }, { "vila", "village" },
	{ "cidade", "city" }, { "montanha", "mountain" },
	{ "vale", "valley" }, { "fazenda", "farm" }, { "sítio", "farm" },
	{ "jardim", "garden" }, { "escola", "school" },
	{ "castelo", "castle" }, { "palácio", "palace" },
	{ "espaço", "space" }, { "gruta", "cave" }, { "noite", "night" },
	/* Swahili */
	{ "msitu", "forest" }, { "mto", "river" }, { "ziwa", "lake" },
	{ "bwawa", "pond" }, { "bahari", "sea" }, { "pwani", "beach" },
	{ "kisiwa", "island" }, { "kijiji", "village" }, { "mji", "town" },
	{ "jiji", "city" }, { "mlima", "mountain" }, { "milima", "mountain" },
	{ "kilima", "hill" }, { "bonde", "valley" }, { "jangwa", "desert" },
	{ "shamba", "farm" }, { "bustani", "garden" }, { "shule", "school" },
	{ "nyumba", "house" }, { "nyumbani", "home" }, { "ngome", "castle" },
	{ "jumba", "palace" }, { "theluji", "snow" }, { "pango", "cave" },
	{ "usiku", "night" },
	/* Russian (the start of a word) */
	{ "лес", "forest" }, { "джунгл", "jungle" }, { "рек", "river" },
	{ "ручей", "stream" }, { "ручь", "stream" }, { "озер", "lake" },
	{ "пруд", "pond" }, { "море", "sea" }, { "моря", "sea" },
	{ "морю", "sea" }, { "морем", "sea" }, { "морск", "sea" },
	{ "океан", "ocean" }, { "пляж", "beach" }, { "берег", "shore" },
	{ "остров", "island" }, { "деревн", "village" }, { "сел", "village" },
	{ "город", "town" }, { "гора", "mountain" }, { "горы", "mountain" },
	{ "гору", "mountain" }, { "горах", "mountain" }, { "холм", "hill" },
	{ "долин", "valley" }, { "пустын", "desert" }, { "ферм", "farm" },
	{ "поле", "field" }, { "поля", "field" }, { "луг", "meadow" },
	{ "сад", "garden" }, { "парк", "park" }, { "школ", "school" },
	{ "дом", "house" }, { "замок", "castle" }, { "замк", "castle" },
	{ "дворец", "palace" }, { "дворц", "palace" },
	{ "королевств", "kingdom" }, { "снег", "snow" }, { "снеж", "snow" },
	{ "зим", "winter" }, { "космос", "space" }, { "планет", "planet" },
	{ "пещер", "cave" }, { "ноч", "night" },
	/* Hindi (the start of a word) */
	{ "जंगल", "forest" }, { "वन", "forest" }, { "नदी", "river" },
	{ "झील", "lake" }, { "तालाब", "pond" }, { "समुद्र", "sea" },
	{ "सागर", "sea" }, { "समुंदर", "sea" }, { "तट", "shore" },
	{ "द्वीप", "island" }, { "गाँव", "village" }, { "गांव", "village" },
	{ "शहर", "city" }, { "नगर", "town" }, { "पहाड़", "mountain" },
	{ "पर्वत", "mountain" }, { "पहाड़ी", "hill" }, { "घाटी", "valley" },
	{ "रेगिस्तान", "desert" }, { "मरुस्थल", "desert" }, { "खेत", "farm" },
	{ "बगीचा", "garden" }, { "बगीचे", "garden" }, { "बाग", "garden" },
	{ "उद्यान", "garden" }, { "पार्क", "park" }, { "स्कूल", "school" },
	{ "विद्यालय", "school" }, { "घर", "home" }, { "महल", "palace" },
	{ "किला", "castle" }, { "किले", "castle" }, { "राज्य", "kingdom" },
	{ "बर्फ", "snow" }, { "सर्दी", "winter" }, { "अंतरिक्ष", "space" },
	{ "ग्रह", "planet" }, { "गुफा", "cave" }, { "रात", "night" },
	/* Arabic (anywhere) */
	{ "غابة", "forest" }, { "أدغال", "jungle" }, { "نهر", "river" },
	{ "جدول", "stream" }, { "بحيرة", "lake" }, { "بركة", "pond" },
	{ "بحر", "sea" }, { "محيط", "ocean" }, { "شاطئ", "beach" },
	{ "جزيرة", "island" }, { "قرية", "village" }, { "مدينة", "city" },
	{ "جبل", "mountain" }, { "جبال", "mountain" }, { "تلة", "hill" },
	{ "وادي", "valley" }, { "صحراء", "desert" }, { "مزرعة", "farm" },
	{ "حقل", "field" }, { "مرج", "meadow" }, { "حديقة", "garden" },
	{ "بستان", "garden" }, { "مدرسة", "school" }, { "بيت", "house" },
	{ "منزل", "house" }, { "قلعة", "castle" }, { "قصر", "palace" },
	{ "مملكة", "kingdom" }, { "ثلج", "snow" }, { "شتاء", "winter" },
	{ "فضاء", "space" }, { "كوكب", "planet" }, { "كهف", "cave" },
	{ "مغارة", "cave" }, { "ليل", "night" },
	/* Japanese and Chinese (anywhere) */
	{ "森", "forest" }, { "もり", "forest" }, { "森林", "forest" },
	{ "林", "wood" }, { "树林", "wood" }, { "ジャングル", "jungle" },
	{ "丛林", "jungle" }, { "叢林", "jungle" }, { "川", "river" },
	{ "河", "river" }, { "江", "river" }, { "小溪", "stream" },
	{ "湖", "lake" }, { "池", "pond" }, { "池塘", "pond" },
	{ "海", "sea" }, { "うみ", "sea" }, { "海洋", "ocean" },
	{ "浜", "beach" }, { "砂浜", "beach" }, { "ビーチ", "beach" },
	{ "海滩", "beach" }, { "海灘", "beach" }, { "沙滩", "beach" },
	{ "島", "island" }, { "岛", "island" }, { "村", "village" },
	{ "町", "town" }, { "街", "town" }, { "小镇", "town" },
	{ "小鎮", "town" }, { "都市", "city" }, { "都会", "city" },
	{ "城市", "city" }, { "山", "mountain" }, { "やま", "mountain" },
	{ "丘", "hill" }, { "山丘", "hill" }, { "谷", "valley" },
	{ "山谷", "valley" }, { "砂漠", "desert" }, { "沙漠", "desert" },
	{ "農場", "farm" }, { "农场", "farm" }, { "牧場", "farm" },
	{ "畑", "field" }, { "田んぼ", "field" }, { "田野", "field" },
	{ "野原", "meadow" }, { "草原", "meadow" }, { "草地", "meadow" },
	{ "庭", "garden" }, { "花园", "garden" }, { "花園", "garden" },
	{ "公園", "park" }, { "公园", "park" }, { "学校", "school" },
	{ "學校", "school" }, { "がっこう", "school" }, { "家", "house" },
	{ "お城", "castle" }, { "城", "castle" }, { "城堡", "castle" },
	{ "宮殿", "palace" }, { "宫殿", "palace" }, { "王国", "kingdom" },
	{ "王國", "kingdom" }, { "雪", "snow" }, { "ゆき", "snow" },
	{ "冬", "winter" }, { "冬天", "winter" }, { "宇宙", "space" },
	{ "太空", "space" }, { "星球", "planet" }, { "洞窟", "cave" },
	{ "洞穴", "cave" }, { "山洞", "cave" }, { "ほらあな", "cave" },
	{ "夜", "night" }, { "よる", "night" }, { "晚上", "night" },
	{ NULL, NULL }
};

enum mode {
	WHOLE,		/* Latin script: the whole word, or with -s, -es */
	START,		/* Cyrillic, Devanagari: a word's start, an ending of
			 * at most three letters after it */
	ANYWHERE	/* Arabic, Japanese, Chinese */
};

static enum mode
mode_of(const char *w)
{
	unsigned char c = (unsigned char)w[0];

	if (c < 0x80 || (c >= 0xc3 && c <= 0xc9))	/* to U+027F */
		return WHOLE;
	if (c == 0xd0 || c == 0xd1 || c == 0xe0)	/* U+0400, U+0900 */
		return START;
	return ANYWHERE;
}

static int
letter(ucs4_t c)
{
	return uc_is_property_alphabetic(c) || uc_is_digit(c) ||
	    uc_is_general_category(c, UC_CATEGORY_M);
}

/* The letters from s on, up to the first that is not one. */
static size_t
letters(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = 0;
	ucs4_t c;
	int m;

	while (*p != '\0' && (m = u8_strmbtouc(&c, p)) > 0 && letter(c))
		p += m, n++;
	return n;
}

/* Whether w, found at s + i (s from its start), stands there as its
 * script writes words. */
static int
fits(const char *s, size_t i, const char *w)
{
	const uint8_t *prev;
	const char *rest = s + i + strlen(w);
	enum mode m = mode_of(w);
	ucs4_t c;

	if (m == ANYWHERE)
		return 1;
	if (i > 0 && (prev = u8_prev(&c, (const uint8_t *)s + i,
	    (const uint8_t *)s)) != NULL && letter(c))
		return 0;
	if (m == START)
		return letters(rest) <= 3;
	if (*rest == 's')
		rest++;
	else if (rest[0] == 'e' && rest[1] == 's')
		rest += 2;
	return letters(rest) == 0;
}

static const struct gloss *
table(enum gloss_kind kind)
{
	return kind == GLOSS_PLACES ? places : beings;
}

char *
gloss(const char *text, enum gloss_kind kind)
{
	const struct gloss *t = table(kind), *best;
	struct buf out = { 0 };
	char *key;
	size_t i, len, n;
	ucs4_t c;
	int k, m;

	if (text == NULL || *text == '\0')
		return NULL;
	key = text_name_key(text);
	for (i = 0; key[i] != '\0'; i += n) {
		best = NULL;
		n = 0;
		for (k = 0; t[k].word != NULL; k++) {
			len = strlen(t[k].word);
			if (len > n && strncmp(key + i, t[k].word, len) == 0 &&
			    fits(key, i, t[k].word))
				best = &t[k], n = len;
		}
		if (best != NULL) {
			if (out.len == 0)
				buf_add(&out, text);
			buf_addf(&out, " %s", best->en);
		} else if ((m = u8_strmbtouc(&c, (const uint8_t *)key + i)) > 0)
			n = (size_t)m;
		else
			n = 1;
	}
	free(key);
	return out.len > 0 ? buf_take(&out) : NULL;
}

const char *
gloss_word(enum gloss_kind kind, int i, const char **en)
{
	const struct gloss *t = table(kind);
	int n = 0;

	while (t[n].word != NULL)
		n++;
	if (i < 0 || i >= n) {
		*en = NULL;
		return NULL;
	}
	*en = t[i].en;
	return t[i].word;
}
