#!/usr/bin/env bash
# Starts a single-node Slurm cluster on localhost (munged + slurmctld + slurmd) for trying
# `vpsim sweep --backend slurm` on one machine (the tests start their own cluster instead:
# tests/sim/local_slurm.h; they install nothing). Installs slurm-wlm and munge if they are missing
# (Debian 12, root), as a user's set-up step. Idempotent: a running cluster that answers `sinfo` is left as is.
# Prints `export SLURM_CONF=...` on stdout; everything else goes to stderr.
# Usage: scripts/slurm/setup-local.sh [state-dir]   (default /tmp/vpsim-slurm)
set -euo pipefail
STATE="${1:-/tmp/vpsim-slurm}"
CONF="$STATE/slurm.conf"

missing=()
for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "slurm-setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # flock: two copies of this script started together would both run apt-get, which fails on dpkg's lock.
  flock /tmp/vpsim-apt.lock $SUDO sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends ${missing[*]}" >&2
fi

export SLURM_CONF="$CONF"
if [ -f "$CONF" ] && timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
  echo "export SLURM_CONF=$CONF"; exit 0
fi

mkdir -p "$STATE"/{spool,state,log} /run/munge /var/log/munge /var/lib/munge
# munge: a key of its own if the package did not create one; the daemon runs as root here.
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
chmod 0400 /etc/munge/munge.key
if ! munge -n </dev/null >/dev/null 2>&1; then
  munged --force --num-threads=2 >&2
fi

HOST="$(hostname -s)"
CPUS="$(nproc)"
cat >"$CONF" <<CONF
# Single-node test cluster written by scripts/slurm/setup-local.sh
ClusterName=vpsim
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/state
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=30
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

# (Re)start the daemons with this configuration.
for d in slurmctld slurmd; do
  if [ -f "$STATE/$d.pid" ] && kill -0 "$(cat "$STATE/$d.pid")" 2>/dev/null; then kill "$(cat "$STATE/$d.pid")"; sleep 1; fi
done
slurmctld -f "$CONF" -c >&2
slurmd -f "$CONF" >&2
for _ in $(seq 1 30); do
  if timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
    echo "export SLURM_CONF=$CONF"; exit 0
  fi
  sleep 1
done
echo "slurm-setup: node did not come up; slurmd log:" >&2
tail -n 20 "$STATE/log/slurmd.log" "$STATE/log/slurmctld.log" >&2 || true
exit 1
