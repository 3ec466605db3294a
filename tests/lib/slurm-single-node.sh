#!/bin/sh
# slurm-single-node.sh - start a one-machine Slurm cluster (Debian 12, as
# root) for tests/9014-slurm.bats, from Debian's slurmd, slurmctld,
# slurm-client and munge; no systemd. (From ../shared/probes/slurm/, where
# it was measured: srun answers a few seconds after the start.) The
# partition lets up to 4 jobs share a core, so a test's small jobs run
# side by side on a small machine. A cluster already running with this
# configuration is used as it is; prints the pids of the daemons it
# started, one a line.
set -eu
H=$(hostname -s)
[ -f /etc/munge/munge.key ] || mungekey -c
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge
if ! pgrep -x munged > /dev/null; then
	su -s /bin/sh munge -c /usr/sbin/munged
	pgrep -x munged
fi
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm
cat > /etc/slurm/slurm.conf.tmp <<CONF
ClusterName=mvtest
SlurmctldHost=$H
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$H CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
changed=
cmp -s /etc/slurm/slurm.conf.tmp /etc/slurm/slurm.conf 2> /dev/null ||
    changed=1
mv -f /etc/slurm/slurm.conf.tmp /etc/slurm/slurm.conf
if ! pgrep -x slurmctld > /dev/null; then
	slurmctld -c
	pgrep -x slurmctld
elif [ -n "$changed" ]; then
	scontrol reconfigure
fi
if ! pgrep -x slurmd > /dev/null; then
	slurmd
	pgrep -x slurmd
fi
i=0
until sinfo -h -o %T 2> /dev/null | grep -q idle; do
	i=$((i + 1))
	[ $i -lt 30 ] || { echo "slurm: no idle node after 30 s" >&2; exit 1; }
	sleep 1
done
srun -N1 true
