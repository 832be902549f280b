#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A single-node Slurm cluster in a folder, started from nothing (no systemd,
# no /etc): munge and Slurm's two daemons, for trying scripts/catalogue-slurm.sh
# on one machine and for its test. Needs Debian's slurm-wlm and munge, as root.
#
#   sh scripts/slurm-local.sh start DIR   # prints: export SLURM_CONF=DIR/slurm.conf
#   sh scripts/slurm-local.sh stop DIR
#
# What it takes (learnt the hard way): munge wants its socket folder 0755 and
# its key folder 0700; the node is called localhost at 127.0.0.1 whatever
# this machine's name is (slurmd -N); RealMemory must not exceed what
# `slurmd -C` reports; without slurmdbd, jobcomp/filetxt records each task's
# exit code; batch_sched_delay=0 and a short sched_min_interval start array
# tasks as soon as a CPU is free.
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

stop() {
  # all at once: slurmd takes seconds to leave after its TERM
  for p in slurmd slurmctld munged; do
    f="$dir/run/$p.pid"
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  for p in slurmd slurmctld munged; do
    f="$dir/run/$p.pid"
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case $cmd in
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

[ "$(id -u)" -eq 0 ] || { echo "slurm-local: run as root (Slurm's daemons and munge)" >&2; exit 1; }
for b in munged slurmctld slurmd sinfo; do
  command -v $b >/dev/null 2>&1 || { echo "slurm-local: $b missing: apt-get install slurm-wlm munge" >&2; exit 1; }
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/munge/run" "$dir/munge/key" "$dir/run" "$dir/log" "$dir/spool/ctld" "$dir/spool/d"
chmod 0755 "$dir/munge/run"
chmod 0700 "$dir/munge/key"
if [ ! -f "$dir/munge/key/munge.key" ]; then
  dd if=/dev/urandom of="$dir/munge/key/munge.key" bs=1024 count=1 2>/dev/null
  chmod 0400 "$dir/munge/key/munge.key"
fi
sock=$dir/munge/run/munge.socket
munged --force --key-file="$dir/munge/key/munge.key" --socket="$sock" \
  --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
  --seed-file="$dir/munge/seed"

cpus=$(nproc)
mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
mem=$((mem / 2))
cat > "$dir/slurm.conf" <<EOF
ClusterName=stemprint
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/spool/ctld
SlurmdSpoolDir=$dir/spool/d
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0,sched_min_interval=100000
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -N localhost -f "$SLURM_CONF"
i=0
until [ "$(sinfo -h -o %T 2>/dev/null | head -1)" = idle ]; do
  i=$((i + 1))
  if [ $i -gt 200 ]; then
    echo "slurm-local: the node did not come up; see $dir/log" >&2
    tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
    stop
    exit 1
  fi
  sleep 0.05
done
echo "export SLURM_CONF=$SLURM_CONF"
