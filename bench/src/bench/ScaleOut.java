package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * bench/run scale: hub instances on Kafka (hub.bus=kafka), one consumer group on hub.events, one
 * PostgreSQL (the first hub's embedded one), one sandbox, one broker in a JVM of its own.
 *
 * <ol>
 * <li>Throughput: the sustained figure's burst ({@link Figures#burst}) with one hub on Kafka, then,
 * in the same run, with a second hub started beside it and the burst's connections spread over both.
 * <li>Kill (a correctness check, not a timing): a third hub joins; conversations of new customers
 * (several messages each, every message to the next live hub in turn) run at a fixed rate; part way
 * through one hub is killed with SIGKILL and not restarted; the rest go to the live hubs. Then, from
 * the sandbox's ledgers and the hubs' database: every acknowledged message decided once, every
 * simulator key applied once, each customer's messages and decisions in the order they were
 * accepted, the dead hub's partitions taken over and committed to the end. Any check failing fails
 * the figure.
 * </ol>
 */
final class ScaleOut {

    static final String GROUP = "continuity-hub";
    static final String TOPIC = "hub.events";
    private static final int KILL_GROUP = 52;

    private ScaleOut() {
    }

    static Result run(Settings s) {
        // the Kafka Admin client logs every setting and reconnect at INFO: the harness's output is for its progress
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Result result = new Result("scale", "Scale-out: hub instances on Kafka", s,
                List.of("BENCH_SCALE_PARTITIONS", "BENCH_SCALE_MESSAGES", "BENCH_SCALE_CONNECTIONS", "BENCH_SCALE_MAX_SECONDS",
                        "BENCH_SCALE_DB_POOL", "BENCH_SCALE_SESSION_TIMEOUT", "BENCH_KILL_CONVERSATIONS",
                        "BENCH_KILL_MESSAGES_PER_CONVERSATION", "BENCH_KILL_RATE", "BENCH_KILL_AT", "BENCH_KILL_SETTLE_SECONDS",
                        "BENCH_WARMUP_SECONDS", "BENCH_WHATSAPP_TIER", "BENCH_HUB_JAVA_OPTS"));
        try (Stack stack = new Stack(s, "scale")) {
            stack.startBroker(s.scalePartitions);
            stack.hubEnv.put("HUB_BUS", "kafka");
            stack.hubEnv.put("HUB_KAFKA_BROKERS", stack.brokers);
            // three hubs' pools on one PostgreSQL (max_connections 100): 48 each could not all be had
            stack.hubEnv.put("HUB_DB_POOL_SIZE", String.valueOf(s.scaleDbPool));
            // a dead hub's partitions move after this (default 45 s), and its claimed actions after the
            // lease (default 5 min): both shortened so the kill phase sees the takeover within the run
            stack.hubArgs.add("--hub.kafka.consumer.session-timeout=" + s.scaleSessionTimeout);
            stack.hubArgs.add("--hub.actions.in-flight-lease=30s");
            stack.hubArgs.add("--hub.actions.lease-check-period=5s");
            stack.startBoth();
            try (Db db = new Db(stack.hubJdbcUrl()); Admin admin = Admin.create(Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.brokers))) {
                awaitMembers(admin, 1, Duration.ofSeconds(120));
                List<Phase> phases = new ArrayList<>();
                Figures.warmup(stack, s, db);
                phases.add(throughput(stack, s, db, admin, 1, 50));
                Stack.Peer second = stack.startPeer();
                awaitMembers(admin, 2, Duration.ofSeconds(120));
                warm(stack, s, db, second.url());
                phases.add(throughput(stack, s, db, admin, 2, 51));
                throughputSection(result, s, phases);
                Kill kill = kill(stack, s, db, admin);
                killSection(result, s, kill);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- throughput

    /** One burst's outcome with {@code hubs} hubs on Kafka, and the CPU each part of the stack used. */
    record Phase(int hubs, int messages, Figures.Burst burst, Map<String, Double> cores, int outboxMax,
                 Map<String, List<Integer>> partitions) {
    }

    private static Phase throughput(Stack stack, Settings s, Db db, Admin admin, int hubs, int group) {
        int messages = s.scaleMessages;
        Load.Traffic traffic = new Load.Traffic("scale" + hubs, group, messages, i -> Figures.HI);
        Figures.openWindows(stack, traffic, messages);
        Figures.quiesce(db, s.drainSeconds);
        List<String> urls = new ArrayList<>(List.of(stack.hub() + "/webhooks/whatsapp"));
        List<Proc> procs = new ArrayList<>(List.of(stack.hub));
        for (Stack.Peer peer : stack.peers) {
            urls.add(peer.url() + "/webhooks/whatsapp");
            procs.add(peer.proc());
        }
        Map<String, List<Integer>> partitions = assignment(admin);
        Bench.say("scale: burst of " + messages + " over " + hubs + " hub(s) on Kafka; partitions by member " + partitions.values());
        Cpu cpu = new Cpu(stack);
        Figures.Burst burst;
        int outboxMax;
        try (OutboxSampler outbox = new OutboxSampler(stack.hubJdbcUrl())) {
            burst = Figures.burst(db, urls, traffic, messages, s.scaleConnections, s.scaleMaxSeconds, procs);
            outboxMax = outbox.max();
        }
        Map<String, Double> cores = cpu.coresSince();
        Bench.say(String.format("scale: %d hub(s): %s conversations/s (10-90 %%), %d confirmed; cores %s", hubs,
                Stats.num(burst.rate()), (int) burst.last()[2], cores));
        return new Phase(hubs, messages, burst, cores, outboxMax, partitions);
    }

    /** A few seconds at 20 msg/s to a freshly started hub, so its JIT is warm before it is measured. */
    private static void warm(Stack stack, Settings s, Db db, String url) {
        if (s.warmupSeconds <= 0) {
            return;
        }
        int messages = 20 * s.warmupSeconds;
        Load.Traffic traffic = new Load.Traffic("warmpeer" + System.nanoTime() % 100000, 91, messages, i -> Figures.HI);
        Figures.openWindows(stack, traffic, messages);
        Load.Run run = Load.open(url + "/webhooks/whatsapp", traffic, 20, s.warmupSeconds, s.drainSeconds);
        Figures.waitConfirmed(db, traffic.phase(), run.ok(), s.drainSeconds);
    }

    private static void throughputSection(Result result, Settings s, List<Phase> phases) {
        List<Map<String, Object>> json = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        double[] rate = new double[phases.size()];
        double[] peak = new double[phases.size()];
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            Figures.Burst b = phase.burst();
            double[] last = b.last();
            rate[i] = b.rate();
            peak[i] = b.peak();
            categories.add(phase.hubs() + (phase.hubs() == 1 ? " hub" : " hubs") + " on Kafka");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hubs", phase.hubs());
            row.put("messages", phase.messages());
            row.put("load", Figures.runJson(b.run()));
            row.put("confirmed", (int) last[2]);
            row.put("conversationsPerSecond", Figures.finiteOrNull(b.rate()));
            row.put("peak5sPerSecond", Figures.finiteOrNull(b.peak()));
            row.put("acceptedPerSecondDuringBurst", Figures.finiteOrNull(b.ingestRate()));
            row.put("observedSeconds", last[0]);
            row.put("backlogAtEnd", (int) (last[1] - last[2]));
            row.put("hubsRssMaxMiB", b.rssKiB() / 1024);
            row.put("coresUsed", phase.cores());
            row.put("outboxMax", phase.outboxMax());
            row.put("partitionsByMember", phase.partitions().values());
            row.put("samples", b.series());
            json.add(row);
            rows.add(List.of(categories.get(i), String.valueOf(phase.messages()), String.valueOf(b.run().ok()),
                    Stats.num(b.ingestRate()), String.valueOf((int) last[2]), Stats.num(b.rate()), Stats.num(b.peak()),
                    String.format("%.0f s", last[0]), String.valueOf(phase.outboxMax()), cores(phase.cores())));
        }
        result.json.put("throughput", json);
        if (phases.size() == 2 && rate[0] > 0) {
            result.json.put("twoOverOne", Figures.finiteOrNull(rate[1] / rate[0]));
        }
        Phase first = phases.get(0);
        result.line("All on this one machine: a Kafka broker (spring-kafka-test's `EmbeddedKafkaKraftBroker`, one KRaft"
                + " node, **in a JVM of its own** so its CPU is counted apart from the harness's), topic **hub.events** with "
                + s.scalePartitions + " partitions and **hub.escalations**; the product hub as `java -jar` with `HUB_BUS=kafka`,"
                + " `HUB_KAFKA_BROKERS`; the first hub runs the embedded PostgreSQL, the others point at it (`HUB_DB_URL`),"
                + " each with its own port, all on the same sandbox (its own JVM and PostgreSQL). Every hub here has"
                + " `HUB_DB_POOL_SIZE=" + s.scaleDbPool + "` (three pools of the default 48 would pass PostgreSQL's 100"
                + " connections), `hub.kafka.consumer.session-timeout=" + s.scaleSessionTimeout + "` and"
                + " `hub.actions.in-flight-lease=30s` (for the kill phase below; neither changes a run without failures).\n");
        result.line("### Throughput: one hub and two hubs on Kafka\n");
        result.line("The sustained figure's measurement, run twice in this one run: a burst of " + first.messages()
                + " messages, each from a new customer (\"" + Figures.HI + "\", one reply each), " + s.scaleConnections
                + " connections (with two hubs, half to each) as fast as the hubs accept them; the action ledger read each"
                + " second until the backlog is empty or flat for 10 s (at most " + s.scaleMaxSeconds + " s). Conversations/s ="
                + " replies confirmed sent per second between 10 % and 90 % of the final count. First one hub alone in the"
                + " consumer group; then a second hub is started, joins the group (the partitions are shared out), gets a "
                + s.warmupSeconds + " s warm-up of its own, and the second burst runs. Cores = CPU time used during the burst"
                + " / its wall time, per part of the stack (`/proc`, each process and its children): the hubs' JVMs, the hubs'"
                + " PostgreSQL (every backend), the broker, the sandbox with its PostgreSQL, the harness (load generator).\n");
        result.table(List.of("hubs", "messages", "accepted", "accepted msgs/s during the burst", "replies confirmed",
                "conversations/s (10-90 %)", "peak 5 s", "watched", "outbox max", "cores used"), rows);
        if (phases.size() == 2) {
            result.line("**Two hubs / one hub = " + (rate[0] > 0 ? String.format("%.2f", rate[1] / rate[0]) : "n/a")
                    + "** on the same two cores. The machine has 2 cores shared with other work (the load average is above"
                    + " the section): the numbers are noisy (±30 % between runs here) and a second hub on the same cores"
                    + " can only add what the first left idle; see \"Scaling past one machine\" below for what the second"
                    + " machine would change.\n");
        }
        result.plot(Svg.bars("Conversations confirmed sent per second, hubs on Kafka", "conversations/s", categories,
                List.of(new Svg.Series("sustained (10-90 %)", rate), new Svg.Series("peak 5 s", peak)), false, null, null),
                "scale: conversations per second, one hub and two hubs on Kafka");
    }

    private static String cores(Map<String, Double> cores) {
        List<String> parts = new ArrayList<>();
        cores.forEach((k, v) -> parts.add(k + " " + String.format("%.2f", v)));
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------- kill

    /** One message of the kill phase: customer c's k-th; who took it and when. */
    static final class Msg {
        final int c;
        final int k;
        final String wamid;
        volatile int status;
        volatile int attempts;
        volatile String ackedBy;
        volatile long ackedNanos;
        final CountDownLatch done = new CountDownLatch(1);

        Msg(int c, int k) {
            this.c = c;
            this.k = k;
            this.wamid = "wamid.BENCH.kill." + c + "." + k;
        }
    }

    record Target(String name, String url, Proc proc) {
    }

    record Check(String what, boolean ok, String counts) {
    }

    record Kill(int conversations, int perConversation, List<Msg> messages, String victim, double killedAtSeconds,
                int sentBeforeKill, double takeoverSeconds, Map<String, Object> group, List<Check> checks,
                Map<String, Object> counts, double settleSeconds) {
    }

    private static Kill kill(Stack stack, Settings s, Db db, Admin admin) {
        Stack.Peer third = stack.startPeer();
        Map<String, List<Integer>> beforeJoin = assignment(admin);
        awaitMembers(admin, 3, Duration.ofSeconds(120));
        int n = s.killConversations;
        int per = s.killMessagesPerConversation;
        // each customer has an order the sandbox's warehouse knows: the first message asks about it (a
        // Salesforce case and a warehouse lookup, keys the simulators count), the others ask again
        Load.Traffic traffic = Figures.orderTraffic("kill", KILL_GROUP, n);
        Figures.seed(stack, traffic, KILL_GROUP);
        Figures.openWindows(stack, traffic, n);
        Figures.quiesce(db, s.drainSeconds);

        List<Target> live = new CopyOnWriteArrayList<>();
        live.add(new Target("hub 1", stack.hub(), stack.hub));
        for (Stack.Peer peer : stack.peers) {
            live.add(new Target("hub " + peer.number(), peer.url(), peer.proc()));
        }
        // the victim: the second hub (it has taken turns since the throughput phase); never the first,
        // which runs the PostgreSQL every hub shares
        Target victim = live.get(1);
        Map<String, MemberDescription> membersBefore = members(admin);
        Map<String, List<Integer>> assignedBefore = assignment(admin);

        List<Msg> all = new ArrayList<>();
        for (int k = 0; k < per; k++) {
            for (int c = 0; c < n; c++) {
                all.add(new Msg(c, k));
            }
        }
        int total = all.size();
        int killAt = (int) Math.round(total * s.killAt);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        AtomicLong killedNanos = new AtomicLong();
        Bench.say("scale: kill phase, " + n + " conversations x " + per + " messages at " + Stats.num(s.killRate) + " msg/s over "
                + live.size() + " hubs; " + victim.name() + " gets SIGKILL after message " + killAt);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            Thread worker = new Thread(() -> {
                Map<String, Wire> wires = new HashMap<>();
                try {
                    for (int g = next.getAndIncrement(); g < total; g = next.getAndIncrement()) {
                        Msg msg = all.get(g);
                        long due = start + (long) (g * 1e9 / s.killRate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (msg.k > 0) {
                            // a customer writes the next message once the last one was acknowledged
                            await(all.get((msg.k - 1) * n + msg.c).done, 180);
                        }
                        deliver(msg, g, traffic, live, wires);
                        sent.incrementAndGet();
                    }
                } finally {
                    wires.values().forEach(Wire::close);
                }
            }, "kill-load-" + w);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        // the kill: SIGKILL, no shutdown of any kind; the hub is not restarted
        while (sent.get() < killAt && workers.stream().anyMatch(Thread::isAlive)) {
            Stack.sleep(20);
        }
        int sentBeforeKill = sent.get();
        victim.proc().process.destroyForcibly();
        killedNanos.set(System.nanoTime());
        live.remove(victim);
        double killedAt = (killedNanos.get() - start) / 1e9;
        Bench.say("scale: SIGKILL " + victim.name() + " (pid " + victim.proc().pid() + ") after " + sentBeforeKill + " messages, at "
                + String.format("%.1f s", killedAt));
        double takeover = Double.NaN;
        long takeoverDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < takeoverDeadline) {
            ConsumerGroupDescription group = describe(admin);
            if (group != null && group.members().size() == live.size() && "STABLE".equalsIgnoreCase(group.state().toString())
                    && assignedPartitions(group) == s.scalePartitions) {
                takeover = (System.nanoTime() - killedNanos.get()) / 1e9;
                break;
            }
            Stack.sleep(250);
        }
        Bench.say("scale: the group is " + live.size() + " members again after " + String.format("%.1f s", takeover));
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.MINUTES.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Bench.say("scale: stream done; waiting (at most " + s.killSettleSeconds + " s) for every check to hold");

        // the checks hold eventually or never: a duplicate never heals; a missing decision may still come
        long settleStart = System.nanoTime();
        long deadline = settleStart + s.killSettleSeconds * 1_000_000_000L;
        Verification v;
        while (true) {
            v = verify(stack, s, db, admin, all, n, per, membersBefore, assignedBefore);
            boolean ok = v.checks().stream().allMatch(Check::ok);
            if (ok || System.nanoTime() > deadline) {
                break;
            }
            Stack.sleep(5000);
        }
        double settle = (System.nanoTime() - settleStart) / 1e9;
        v.counts().put("assignmentBeforeThirdJoined", beforeJoin.values());
        return new Kill(n, per, all, victim.name(), killedAt, sentBeforeKill, takeover, v.group(), v.checks(), v.counts(), settle);
    }

    /** Sends one message to the next live hub in turn; a refusal or a lost connection is retried on the next (as Meta retries). */
    private static void deliver(Msg msg, int g, Load.Traffic traffic, List<Target> live, Map<String, Wire> wires) {
        String text = msg.k == 0 ? traffic.text().apply(msg.c) : "Hi, I have a question (message " + (msg.k + 1) + ")";
        byte[] body = Webhooks.textMessage(traffic.phone(msg.c), msg.wamid, text);
        String signature = Webhooks.sign(body);
        try {
            for (int attempt = 0; attempt < 20; attempt++) {
                List<Target> targets = List.copyOf(live);
                Target target = targets.get((g + attempt) % targets.size());
                Wire wire = wires.computeIfAbsent(target.url(), url -> new Wire(url + "/webhooks/whatsapp"));
                int status;
                try {
                    status = wire.post(body, "X-Hub-Signature-256", signature);
                } catch (IOException | RuntimeException e) {
                    wire.close();
                    wires.remove(target.url());
                    status = -1;
                }
                msg.attempts = attempt + 1;
                msg.status = status;
                if (status / 100 == 2) {
                    msg.ackedBy = target.name();
                    msg.ackedNanos = System.nanoTime();
                    return;
                }
                Stack.sleep(200);
            }
        } finally {
            msg.done.countDown();
        }
    }

    record Verification(List<Check> checks, Map<String, Object> counts, Map<String, Object> group) {
    }

    /** Every check, from the hubs' database, the hub's events API, the sandbox's ledgers and the broker. */
    private static Verification verify(Stack stack, Settings s, Db db, Admin admin, List<Msg> all, int n, int per,
                                       Map<String, MemberDescription> membersBefore, Map<String, List<Integer>> assignedBefore) {
        List<Check> checks = new ArrayList<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        int acked = (int) all.stream().filter(m -> m.status / 100 == 2).count();
        int retried = (int) all.stream().filter(m -> m.status / 100 == 2 && m.attempts > 1).count();
        counts.put("messages", all.size());
        counts.put("acknowledged", acked);
        counts.put("acknowledgedAfterARetry", retried);
        Map<String, Integer> byHub = new LinkedHashMap<>();
        all.stream().filter(m -> m.ackedBy != null).forEach(m -> byHub.merge(m.ackedBy, 1, Integer::sum));
        counts.put("acknowledgedByHub", byHub);
        checks.add(new Check("every message acknowledged (2xx), a refused or cut-off one retried on a live hub as Meta"
                + " retries", acked == all.size(), acked + " / " + all.size() + " (" + retried + " after a retry)"));

        // the hub's interactions: wamid -> session, event seq
        Map<String, String[]> interactions = new HashMap<>();
        try (Connection hubDb = DriverManager.getConnection(stack.hubJdbcUrl());
             PreparedStatement q = hubDb.prepareStatement("""
                     SELECT provider_message_id, session_id, event_seq, customer_id FROM interaction
                     WHERE ingress = 'whatsapp' AND provider_message_id LIKE 'wamid.BENCH.kill.%'""")) {
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    interactions.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int inSession = (int) all.stream().filter(m -> m.status / 100 == 2)
                .filter(m -> interactions.containsKey(m.wamid) && interactions.get(m.wamid)[1] != null).count();
        checks.add(new Check("every acknowledged message is in its customer's session, once (interaction per wamid)",
                inSession == acked, inSession + " / " + acked));

        // per customer: one session; the events from the hub's API
        int decidedOnce = 0;
        int decidedTwice = 0;
        int undecided = 0;
        int customersInOrder = 0;
        int customersOutOfOrder = 0;
        int decisionsInOrder = 0;
        int decisionsOutOfOrder = 0;
        int oneSession = 0;
        Map<String, Integer> sessionOfCustomer = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Set<String> sessions = new HashSet<>();
            long[] seqs = new long[per];
            boolean complete = true;
            for (int k = 0; k < per; k++) {
                String[] row = interactions.get("wamid.BENCH.kill." + c + "." + k);
                if (row == null || row[0] == null || row[1] == null) {
                    complete = false;
                    continue;
                }
                sessions.add(row[0]);
                seqs[k] = Long.parseLong(row[1]);
            }
            if (sessions.size() == 1 && complete) {
                oneSession++;
            }
            if (sessions.isEmpty()) {
                undecided += per;
                continue;
            }
            String sessionId = sessions.iterator().next();
            sessionOfCustomer.put(sessionId, c);
            boolean accepted = complete && sessions.size() == 1;
            for (int k = 1; k < per && complete; k++) {
                accepted &= seqs[k] > seqs[k - 1];
            }
            if (accepted) {
                customersInOrder++;
            } else {
                customersOutOfOrder++;
                if (problems.size() < 5) {
                    problems.add("customer " + c + ": messages at seqs " + java.util.Arrays.toString(seqs));
                }
            }
            Http.Resp events = Http.get(stack.hub() + "/api/v1/sessions/" + sessionId + "/events", "Authorization", Http.OPS_LOGIN);
            if (!events.ok()) {
                undecided += per;
                continue;
            }
            JsonNode list;
            try {
                list = Result.JSON.readTree(events.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Set<Long> mine = new HashSet<>();
            for (int k = 0; k < per; k++) {
                if (seqs[k] > 0) {
                    mine.add(seqs[k]);
                }
            }
            Map<Long, Integer> decisions = new HashMap<>();
            java.util.TreeMap<Long, Long> decisionBySeq = new java.util.TreeMap<>(); // decision's seq -> message seq
            for (JsonNode event : list) {
                if (event.path("type").asText().equals("agent_decided")) {
                    long to = event.at("/payload/inResponseToSeq").asLong(-1);
                    if (mine.contains(to)) {
                        decisions.merge(to, 1, Integer::sum);
                        decisionBySeq.put(event.path("seq").asLong(), to);
                    }
                }
            }
            List<Long> decisionOrder = new ArrayList<>(decisionBySeq.values());
            for (long seq : mine) {
                int d = decisions.getOrDefault(seq, 0);
                if (d == 1) {
                    decidedOnce++;
                } else if (d == 0) {
                    undecided++;
                } else {
                    decidedTwice++;
                    if (problems.size() < 10) {
                        problems.add("customer " + c + ": message at seq " + seq + " decided " + d + " times");
                    }
                }
            }
            undecided += per - mine.size();
            boolean ordered = true;
            for (int i = 1; i < decisionOrder.size(); i++) {
                ordered &= decisionOrder.get(i) > decisionOrder.get(i - 1);
            }
            if (ordered) {
                decisionsInOrder++;
            } else {
                decisionsOutOfOrder++;
                if (problems.size() < 10) {
                    problems.add("customer " + c + ": decisions in response to seqs " + decisionOrder);
                }
            }
        }
        counts.put("decidedOnce", decidedOnce);
        counts.put("decidedMoreThanOnce", decidedTwice);
        counts.put("undecided", undecided);
        counts.put("customersWithOneSession", oneSession);
        checks.add(new Check("every acknowledged message has exactly one agent decision (agent_decided with"
                + " payload.inResponseToSeq = its customer_message)", decidedOnce == acked && decidedTwice == 0,
                decidedOnce + " once, " + decidedTwice + " more than once, " + undecided + " none, of " + acked));
        checks.add(new Check("each customer's messages in their session in the order they were accepted",
                customersOutOfOrder == 0 && customersInOrder == n, customersInOrder + " / " + n + " customers in order"));
        checks.add(new Check("each customer's decisions in the order their messages were accepted",
                decisionsOutOfOrder == 0 && decisionsInOrder == n, decisionsInOrder + " / " + n + " customers in order"));

        // the simulators: every idempotency key applied once
        for (String system : List.of("salesforce", "warehouse", "whatsapp")) {
            JsonNode ledger = json(Http.require(Http.get(stack.sandbox() + "/ledger?system=" + system), "GET /sandbox/ledger").body());
            int keys = 0;
            int over = 0;
            for (JsonNode entry : ledger) {
                keys++;
                if (entry.path("count").asInt() != 1) {
                    over++;
                    if (problems.size() < 15) {
                        problems.add(system + " key " + entry.path("key").asText() + " applied " + entry.path("count").asInt() + " times");
                    }
                }
            }
            counts.put("ledger." + system + ".keys", keys);
            checks.add(new Check("each " + system + " simulator key applied once (`GET /sandbox/ledger?system=" + system + "`,"
                    + " whole run)", over == 0, keys + " keys, " + over + " applied more than once"));
        }
        // WhatsApp's ledger keys are the simulator's own wamids: a send made twice would be two keys, so
        // count the sends each customer received against the sends the hubs' action ledger accounts for
        WhatsAppCount wa = whatsApp(stack, n, sessionOfCustomer);
        counts.put("whatsapp", wa.json());
        checks.add(new Check("no WhatsApp message sent twice: each customer received no more messages than the hubs'"
                + " ledger has whatsapp-send actions sent or of unknown outcome (a call cut by the kill is never re-sent),"
                + " and every action the hubs record as sent is one the simulator received",
                wa.overSent() == 0 && wa.recordedButNotReceived() == 0,
                wa.received() + " received, " + wa.succeeded() + " actions succeeded, " + wa.unknown() + " unknown, "
                        + wa.overSent() + " customers over, " + wa.recordedButNotReceived() + " recorded but not received"));

        // the broker: the dead hub's partitions moved to the live ones, and all is committed to the end
        Map<String, Object> group = new LinkedHashMap<>();
        Map<String, MemberDescription> now = members(admin);
        Set<String> gone = new HashSet<>(membersBefore.keySet());
        gone.removeAll(now.keySet());
        List<Integer> deadPartitions = new ArrayList<>();
        gone.forEach(id -> deadPartitions.addAll(assignedBefore.getOrDefault(id, List.of())));
        Map<String, List<Integer>> assignedNow = assignment(admin);
        Set<Integer> coveredNow = new HashSet<>();
        assignedNow.values().forEach(coveredNow::addAll);
        Map<Integer, Long> committed = committed(admin);
        Map<Integer, Long> end = endOffsets(admin, s.scalePartitions);
        boolean allCommitted = end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
        group.put("membersBeforeKill", membersBefore.size());
        group.put("membersAfter", now.size());
        group.put("partitionsOfTheDeadMember", deadPartitions);
        group.put("assignmentBefore", assignedBefore.values());
        group.put("assignmentAfter", assignedNow.values());
        group.put("committed", committed);
        group.put("endOffsets", end);
        checks.add(new Check("the dead hub's partitions taken over: the group has one member fewer, every partition"
                + " assigned to a live one, the committed offsets at the end offsets",
                gone.size() == 1 && now.size() == membersBefore.size() - 1 && !deadPartitions.isEmpty()
                        && coveredNow.containsAll(deadPartitions) && coveredNow.size() == s.scalePartitions && allCommitted,
                "members " + membersBefore.size() + " -> " + now.size() + "; the dead one's partitions " + deadPartitions
                        + " now with " + assignedNow.values() + "; committed " + sum(committed) + " / end " + sum(end)));
        counts.put("problems", problems);
        counts.put("openActions", db.openActions());
        return new Verification(checks, counts, group);
    }

    private static long sum(Map<Integer, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    record WhatsAppCount(int received, int succeeded, int unknown, int overSent, int recordedButNotReceived) {
        Map<String, Object> json() {
            return Map.of("received", received, "actionsSucceeded", succeeded, "actionsUnknown", unknown,
                    "customersOverSent", overSent, "recordedButNotReceived", recordedButNotReceived);
        }
    }

    private static WhatsAppCount whatsApp(Stack stack, int n, Map<String, Integer> sessionOfCustomer) {
        Map<String, Integer> customerOfPhone = new HashMap<>();
        for (int c = 0; c < n; c++) {
            customerOfPhone.put(Webhooks.phone(KILL_GROUP, c), c);
        }
        int[] received = new int[n];
        Set<String> receivedWamids = new HashSet<>();
        try (Connection sandbox = DriverManager.getConnection(stack.sandboxJdbcUrl());
             PreparedStatement q = sandbox.prepareStatement("SELECT recipient, wamid FROM sandbox.whatsapp_sent WHERE recipient LIKE ?")) {
            q.setString(1, "+447" + KILL_GROUP + "%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Integer c = customerOfPhone.get(rs.getString(1));
                    if (c != null) {
                        received[c]++;
                        receivedWamids.add(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int[] accounted = new int[n];
        int succeeded = 0;
        int unknown = 0;
        int recordedButNotReceived = 0;
        try (Connection hubDb = DriverManager.getConnection(stack.hubJdbcUrl());
             PreparedStatement q = hubDb.prepareStatement(
                     "SELECT session_id, status, provider_ref FROM action WHERE tool = 'whatsapp-send' AND session_id = ANY (?)")) {
            q.setArray(1, hubDb.createArrayOf("text", sessionOfCustomer.keySet().toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    int c = sessionOfCustomer.get(rs.getString(1));
                    String status = rs.getString(2);
                    if (status.equals("succeeded")) {
                        succeeded++;
                        accounted[c]++;
                        if (rs.getString(3) == null || !receivedWamids.contains(rs.getString(3))) {
                            recordedButNotReceived++;
                        }
                    } else if (status.equals("unknown") || status.equals("in_flight")) {
                        unknown++;
                        accounted[c]++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int over = 0;
        int total = 0;
        for (int c = 0; c < n; c++) {
            total += received[c];
            if (received[c] > accounted[c]) {
                over++;
            }
        }
        return new WhatsAppCount(total, succeeded, unknown, over, recordedButNotReceived);
    }

    private static void killSection(Result result, Settings s, Kill kill) {
        boolean ok = kill.checks().stream().allMatch(Check::ok);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("conversations", kill.conversations());
        json.put("messagesPerConversation", kill.perConversation());
        json.put("victim", kill.victim());
        json.put("killedAtSeconds", kill.killedAtSeconds());
        json.put("sentBeforeKill", kill.sentBeforeKill());
        json.put("groupStableAgainAfterSeconds", Figures.finiteOrNull(kill.takeoverSeconds()));
        json.put("settleSeconds", kill.settleSeconds());
        json.put("counts", kill.counts());
        json.put("group", kill.group());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check check : kill.checks()) {
            checks.add(Map.of("check", check.what(), "ok", check.ok(), "counts", check.counts()));
            if (!check.ok()) {
                result.failed.add(check.what() + ": " + check.counts());
            }
        }
        json.put("checks", checks);
        json.put("passed", ok);
        result.json.put("kill", json);
        int total = kill.conversations() * kill.perConversation();
        result.line("### Kill: three hubs, one killed with SIGKILL mid-stream\n");
        result.line("A correctness check, not a timing. A third hub joins the group (three members, " + s.scalePartitions
                + " partitions). " + kill.conversations() + " new customers, each with an order the sandbox's warehouse knows,"
                + " write " + kill.perConversation() + " messages each (first \"Where is my order O-...?\": a Salesforce case and"
                + " a warehouse lookup; then \"Hi, I have a question\"), " + total + " signed webhooks at "
                + Stats.num(s.killRate) + " msg/s, each message to the next live hub in turn, so one customer's messages"
                + " reach different hubs; a customer writes the next message only once the last was acknowledged. After "
                + kill.sentBeforeKill() + " messages (" + String.format("%.1f s", kill.killedAtSeconds()) + ") **" + kill.victim()
                + " is killed with SIGKILL** (`Process.destroyForcibly`) and not restarted; the rest go to the two live hubs."
                + " A webhook refused or cut off is sent again, same wamid, to the next live hub, as Meta retries. The group"
                + " was stable with two members again " + (Double.isNaN(kill.takeoverSeconds()) ? "never (within 120 s)"
                : String.format("%.1f s", kill.takeoverSeconds())) + " after the kill (session timeout "
                + s.scaleSessionTimeout + "). Then the harness checks, waiting at most " + s.killSettleSeconds
                + " s for what is still in flight (it took " + String.format("%.0f s", kill.settleSeconds()) + "):\n");
        List<List<String>> rows = new ArrayList<>();
        for (Check check : kill.checks()) {
            rows.add(List.of(check.ok() ? "**pass**" : "**FAIL**", check.what(), check.counts()));
        }
        result.table(List.of("", "check", "counts"), rows);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) kill.counts().get("problems");
        if (problems != null && !problems.isEmpty()) {
            result.line("First problems found: " + String.join("; ", problems) + ".\n");
        }
        result.line((ok ? "**All checks passed.**" : "**The kill phase FAILED.**") + " Acknowledged by hub: "
                + kill.counts().get("acknowledgedByHub") + ". Decisions are read from `GET /api/v1/sessions/{id}/events`"
                + " (event payloads are sealed at rest), accepted order from the hub's `interaction` rows (wamid -> session"
                + " event seq), sends from the simulator's `sandbox.whatsapp_sent` against the hubs' `action` ledger,"
                + " the group from the broker (`Admin.describeConsumerGroups`, `listConsumerGroupOffsets`, `listOffsets`).\n");
    }

    // ---------------------------------------------------------------- Kafka

    private static ConsumerGroupDescription describe(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
        } catch (Exception e) {
            return null;
        }
    }

    private static int assignedPartitions(ConsumerGroupDescription group) {
        Set<Integer> partitions = new HashSet<>();
        for (MemberDescription member : group.members()) {
            member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(TOPIC))
                    .forEach(tp -> partitions.add(tp.partition()));
        }
        return partitions.size();
    }

    private static void awaitMembers(Admin admin, int members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConsumerGroupDescription group = null;
        while (System.nanoTime() < deadline) {
            group = describe(admin);
            if (group != null && group.members().size() == members && "STABLE".equalsIgnoreCase(group.state().toString())
                    && assignedPartitions(group) > 0 && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                Bench.say("scale: consumer group " + GROUP + " stable with " + members + " member(s): " + assignment(admin).values());
                return;
            }
            Stack.sleep(500);
        }
        throw new IllegalStateException("the consumer group did not reach " + members + " members within " + timeout + ": "
                + (group == null ? "not described" : group.members().size() + " members, " + group.state()));
    }

    private static Map<String, MemberDescription> members(Admin admin) {
        Map<String, MemberDescription> out = new LinkedHashMap<>();
        ConsumerGroupDescription group = describe(admin);
        if (group != null) {
            group.members().forEach(m -> out.put(m.consumerId(), m));
        }
        return out;
    }

    /** Member id -> its partitions of hub.events, sorted. */
    static Map<String, List<Integer>> assignment(Admin admin) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        members(admin).forEach((id, m) -> out.put(id, m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(TOPIC)).map(TopicPartition::partition).sorted().toList()));
        return out;
    }

    private static Map<Integer, Long> committed(Admin admin) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        try {
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, offset) -> {
                        if (tp.topic().equals(TOPIC) && offset != null) {
                            out.put(tp.partition(), offset.offset());
                        }
                    });
        } catch (Exception e) {
            throw new IllegalStateException("listConsumerGroupOffsets", e);
        }
        return out;
    }

    private static Map<Integer, Long> endOffsets(Admin admin, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<Integer, Long> out = new java.util.TreeMap<>();
        try {
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        } catch (Exception e) {
            throw new IllegalStateException("listOffsets", e);
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode json(String body) {
        try {
            return Result.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** CPU time (user + system) of each part of the stack, from /proc, between construction and {@link #coresSince}. */
    static final class Cpu {
        private final Stack stack;
        private final Map<String, Double> start;
        private final long startNanos = System.nanoTime();

        Cpu(Stack stack) {
            this.stack = stack;
            this.start = snapshot();
        }

        private Map<String, Double> snapshot() {
            Map<String, Double> out = new LinkedHashMap<>();
            double hubs = seconds(stack.hub.process.toHandle());
            for (Stack.Peer peer : stack.peers) {
                if (peer.proc().alive()) {
                    hubs += seconds(peer.proc().process.toHandle());
                }
            }
            out.put("hub JVMs", hubs);
            out.put("hubs' PostgreSQL", postgres(stack.hubDataDir()));
            out.put("broker", seconds(stack.broker.process.toHandle()));
            out.put("sandbox + its PostgreSQL", seconds(stack.sandbox.process.toHandle())
                    + postgres(stack.dir.resolve("sandbox-postgres")));
            out.put("harness", seconds(ProcessHandle.current()));
            return out;
        }

        /** The postmaster (pg_ctl leaves it a child of init, not of the JVM) and every backend under it. */
        private static double postgres(java.nio.file.Path dataDir) {
            try {
                long pid = Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
                return ProcessHandle.of(pid).map(h -> seconds(h) + h.descendants().mapToDouble(Cpu::seconds).sum()).orElse(0.0);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static double seconds(ProcessHandle handle) {
            return handle.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        }

        Map<String, Double> coresSince() {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            Map<String, Double> end = snapshot();
            Map<String, Double> out = new LinkedHashMap<>();
            end.forEach((k, v) -> out.put(k, Math.round(Math.max(0, v - start.getOrDefault(k, 0.0)) / wall * 100) / 100.0));
            return out;
        }
    }

    /** The highest number of records waiting in the outbox, sampled each second. */
    static final class OutboxSampler implements AutoCloseable {
        private final AtomicInteger max = new AtomicInteger();
        private final Thread thread;

        OutboxSampler(String jdbcUrl) {
            thread = new Thread(() -> {
                try (Db db = new Db(jdbcUrl)) {
                    while (!Thread.currentThread().isInterrupted()) {
                        max.accumulateAndGet(db.count("SELECT count(*) FROM outbox WHERE topic <> ?", ""), Math::max);
                        Thread.sleep(1000);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    // stopped
                }
            }, "outbox");
            thread.setDaemon(true);
            thread.start();
        }

        int max() {
            return max.get();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
