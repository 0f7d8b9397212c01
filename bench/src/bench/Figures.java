package bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The figures of issue 11. Each takes a running stack, measures, and returns its result. */
final class Figures {

    static final String HI = "Hi, I have a question";
    private static final String WAREHOUSE_TOOL = "warehouse-status";

    private Figures() {
    }

    // ---------------------------------------------------------------- ingest

    static Result ingest(Stack stack, Settings s, Db db) {
        Result result = new Result("ingest", "Ingest: the hub's webhook against the floor", s,
                List.of("BENCH_INGEST_CONNECTIONS", "BENCH_INGEST_WARMUP_SECONDS", "BENCH_INGEST_SECONDS",
                        "BENCH_INGEST_CUSTOMERS", "BENCH_WHATSAPP_TIER", "BENCH_HUB_JAVA_OPTS"));
        stack.startFloor();
        Bench.say("ingest: floor up, measuring it");
        int conns = s.ingestConnections;
        double total = s.ingestWarmupSeconds + s.ingestSeconds;
        // the floor first, while the hub is idle: the hub's backlog from its own run would take its CPU
        Load.Run floor = Load.closed(stack.floorUrl(), new Load.Traffic("floor", 11, s.ingestPool, i -> HI), conns,
                s.ingestWarmupSeconds, s.ingestSeconds, (int) (total * 20_000));
        stack.floor.stop();
        Load.Traffic hubTraffic = new Load.Traffic("ingest", 10, s.ingestPool, i -> HI);
        Bench.say("ingest: floor " + Stats.num(floor.acceptedPerSecond()) + " msgs/s; opening " + s.ingestPool + " customers' windows");
        openWindows(stack, hubTraffic, s.ingestPool);
        Bench.say("ingest: measuring the hub");
        Load.Run hub;
        long rss;
        Map<String, Double> waits;
        try (RssSampler sampler = new RssSampler(stack.hub); WaitSampler pg = new WaitSampler(stack.hubJdbcUrl())) {
            hub = Load.closed(stack.hub() + "/webhooks/whatsapp", hubTraffic, conns, s.ingestWarmupSeconds, s.ingestSeconds,
                    (int) (total * 5_000));
            rss = sampler.maxKiB();
            waits = pg.average();
        }
        requireSigned(floor, "floor");
        requireSigned(hub, "hub");
        double hubRate = hub.acceptedPerSecond();
        double floorRate = floor.acceptedPerSecond();
        double ratio = hubRate / floorRate;
        result.json.put("hub", runJson(hub));
        result.json.put("floor", runJson(floor));
        result.json.put("ratio", ratio);
        result.json.put("hubRssMaxMiB", rss / 1024);
        result.json.put("hubKept", db.kept("ingest"));
        result.json.put("hubStoredInSessionsWhenTheLoadEnded", db.interactions("ingest"));
        result.json.put("hubPostgresActiveSessionsByWait", waits);
        result.line("Closed model: " + conns + " connections, each sending its next signed webhook (one text message, a"
                + " unique wamid, one of " + s.ingestPool + " distinct customers) when the last was answered; "
                + s.ingestWarmupSeconds + " s warm-up, then " + s.ingestSeconds + " s counted. msgs/s = 2xx answers per"
                + " second. The floor ran first, with the hub idle; the hub's own intake (inbox -> session), agent and sends run"
                + " while it is measured, as they do in production.\n");
        result.table(List.of("endpoint", "accepted msgs/s", "ack p50", "ack p99", "ack max", "errors", "messages"),
                List.of(runRow("floor (JDK HttpServer + 1 INSERT)", floor), runRow("hub `POST /webhooks/whatsapp`", hub)));
        result.line("**hub / floor = " + String.format("%.3f", ratio) + "** (goal >= 0.5). Hub JVM RSS max during its run: "
                + rss / 1024 + " MiB.\n");
        result.line("While the hub was measured, its PostgreSQL had on average these active sessions, by what they waited"
                + " on (`pg_stat_activity`, sampled each second; `CPU` = waiting on nothing, `Lock:transactionid` or"
                + " `Lock:tuple` = on another transaction's row lock, with the statement that waited):\n");
        waits.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .filter(e -> e.getValue() >= 0.05)
                .forEach(e -> result.line("- " + String.format("%.1f", e.getValue()) + " `" + e.getKey().replace("`", "'") + "`"));
        result.line("");
        result.plot(Svg.bars("Ingest, " + conns + " connections (msgs/s accepted)", "msgs/s",
                List.of("floor", "hub"), List.of(new Svg.Series("accepted msgs/s", new double[] {floorRate, hubRate})),
                false, floorRate * 0.5, "goal: 0.5 x floor"), "ingest: hub vs floor, msgs/s");
        return result;
    }

    // ---------------------------------------------------------------- latency

    static Result latency(Stack stack, Settings s, Db db) {
        Result result = new Result("latency", "Latency: ack and webhook to reply sent, at fixed arrival rates", s,
                List.of("BENCH_LATENCY_RATES", "BENCH_LATENCY_SECONDS", "BENCH_DRAIN_SECONDS", "BENCH_WARMUP_SECONDS",
                        "BENCH_WHATSAPP_TIER", "BENCH_HUB_JAVA_OPTS"));
        warmup(stack, s, db);
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        int n = s.latencyRates.size();
        double[] ackP50 = new double[n];
        double[] ackP99 = new double[n];
        double[] replyP50 = new double[n];
        double[] replyP99 = new double[n];
        long rssMax = 0;
        for (int k = 0; k < n; k++) {
            int rate = s.latencyRates.get(k);
            int messages = (int) Math.round(rate * (double) s.latencySeconds);
            Load.Traffic traffic = new Load.Traffic("r" + rate, 21 + k, messages, i -> HI);
            openWindows(stack, traffic, messages);
            quiesce(db, s.drainSeconds);
            Bench.say("latency: " + rate + " msg/s for " + s.latencySeconds + " s");
            Load.Run run;
            try (RssSampler sampler = new RssSampler(stack.hub)) {
                long loaded = System.nanoTime();
                run = Load.open(stack.hub() + "/webhooks/whatsapp", traffic, rate, s.latencySeconds, s.drainSeconds);
                double left = s.drainSeconds - (System.nanoTime() - loaded) / 1e9 + s.latencySeconds;
                waitConfirmed(db, traffic.phase(), run.ok(), Math.max(0, left));
                rssMax = Math.max(rssMax, sampler.maxKiB());
            }
            requireSigned(run, "hub");
            Bench.say("latency: " + rate + " msg/s done, reading the replies");
            double[] ack = run.ackMillis();
            double[] reply = replyMillis(run, db.replySentMicros(traffic.phase()));
            long confirmed = java.util.Arrays.stream(reply).filter(Double::isFinite).count();
            ackP50[k] = Stats.percentile(ack, 50);
            ackP99[k] = Stats.percentile(ack, 99);
            replyP50[k] = Stats.percentile(reply, 50);
            replyP99[k] = Stats.percentile(reply, 99);
            categories.add(rate + " msg/s");
            String unconfirmed = "> " + s.drainSeconds + " s";
            rows.add(List.of(rate + " msg/s", String.valueOf(run.count()), String.valueOf(run.ok()),
                    Stats.ms(ackP50[k]), Stats.ms(ackP99[k]), Stats.ms(Stats.max(ack)),
                    confirmed + " / " + run.ok(), fmt(replyP50[k], unconfirmed), fmt(replyP99[k], unconfirmed),
                    fmt(Stats.max(reply), unconfirmed)));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rate", rate);
            row.put("run", runJson(run));
            row.put("replyConfirmed", confirmed);
            row.put("replyP50Ms", finiteOrNull(replyP50[k]));
            row.put("replyP99Ms", finiteOrNull(replyP99[k]));
            row.put("replyMaxMs", finiteOrNull(Stats.max(reply)));
            json.add(row);
        }
        result.json.put("rates", json);
        result.json.put("hubRssMaxMiB", rssMax / 1024);
        result.line("Open model: messages arrive at a fixed rate for " + s.latencySeconds + " s whatever the hub answers;"
                + " each from a new customer (a distinct number), \"" + HI + "\", which the hub answers with one WhatsApp"
                + " reply. Ack = the webhook's HTTP response time, counted from when the message was due. Reply sent ="
                + " from when the message was due to the hub's own `action_succeeded` event of the `whatsapp-send` reply"
                + " in the customer's session (session_event.at, same clock). The harness waits up to " + s.drainSeconds
                + " s after the last message for the replies; a reply not confirmed by then counts as slower than that"
                + " (shown as `> " + s.drainSeconds + " s`). The WhatsApp tier was raised to " + s.whatsappTier
                + " sends/s on both sides (hub `HUB_WHATSAPP_MAX_SENDS_PER_SECOND`, simulator"
                + " `PUT /sandbox/whatsapp/rate-limit`); the default 80 would cap replies at 80/s. Rates run in this order"
                + " on one hub after a " + s.warmupSeconds + " s warm-up at 20 msg/s.\n");
        result.table(List.of("arrival rate", "due", "accepted (2xx)", "ack p50", "ack p99", "ack max", "replies confirmed",
                "reply p50", "reply p99", "reply max"), rows);
        result.line("Goals: reply p99 <= 100 ms at 100 msg/s, <= 250 ms at 300 msg/s. Hub JVM RSS max: " + rssMax / 1024
                + " MiB.\n");
        result.plot(Svg.bars("Latency by arrival rate (ms, log scale)", "ms", categories,
                List.of(new Svg.Series("ack p50", ackP50), new Svg.Series("ack p99", ackP99),
                        new Svg.Series("reply sent p50", replyP50), new Svg.Series("reply sent p99", replyP99)),
                true, 100.0, "100 ms"), "latency by arrival rate");
        return result;
    }

    // ---------------------------------------------------------------- sustained

    static Result sustained(Stack stack, Settings s, Db db) {
        Result result = new Result("sustained", "Sustained: conversations confirmed sent per second", s,
                List.of("BENCH_SUSTAINED_MESSAGES", "BENCH_SUSTAINED_CONNECTIONS", "BENCH_SUSTAINED_MAX_SECONDS",
                        "BENCH_WARMUP_SECONDS", "BENCH_WHATSAPP_TIER", "BENCH_HUB_JAVA_OPTS"));
        warmup(stack, s, db);
        int messages = s.sustainedMessages;
        Load.Traffic traffic = new Load.Traffic("burst", 30, messages, i -> HI);
        openWindows(stack, traffic, messages);
        quiesce(db, s.drainSeconds);
        Bench.say("sustained: burst of " + messages);
        Burst b = burst(db, List.of(stack.hub() + "/webhooks/whatsapp"), traffic, messages, s.sustainedConnections,
                s.sustainedMaxSeconds, List.of(stack.hub));
        Load.Run run = b.run();
        List<double[]> samples = b.samples();
        double[] last = b.last();
        double confirmedFinal = last[2];
        double rate = b.rate();
        double peak = b.peak();
        double burstSeconds = b.burstSeconds();
        long rss = b.rssKiB();
        double ingestRate = b.ingestRate();
        result.json.put("messages", messages);
        result.json.put("load", runJson(run));
        result.json.put("confirmed", (int) confirmedFinal);
        result.json.put("conversationsPerSecond", finiteOrNull(rate));
        result.json.put("peak5sPerSecond", finiteOrNull(peak));
        result.json.put("burstSeconds", finiteOrNull(burstSeconds));
        result.json.put("observedSeconds", last[0]);
        result.json.put("backlogAtEnd", (int) (last[1] - last[2]));
        result.json.put("hubRssMaxMiB", rss / 1024);
        result.json.put("samples", b.series());
        result.line("A burst of " + messages + " messages, each from a new customer (\"" + HI + "\", one reply each), sent by "
                + s.sustainedConnections + " connections as fast as the hub accepts them; then the harness watches the"
                + " hub's action ledger each second (whatsapp-send actions succeeded) until the backlog (accepted minus"
                + " confirmed) is empty or flat for 10 s, at most " + s.sustainedMaxSeconds + " s. Sustained = confirmed"
                + " conversations per second between 10 % and 90 % of the final count. WhatsApp tier raised to "
                + s.whatsappTier + "/s on both sides.\n");
        result.table(List.of("messages", "accepted", "accepted msgs/s during the burst", "replies confirmed",
                        "sustained conversations/s (10-90 %)", "peak 5 s", "watched", "backlog at end"),
                List.of(List.of(String.valueOf(messages), String.valueOf(run.ok()), Stats.num(ingestRate),
                        String.valueOf((int) confirmedFinal), Stats.num(rate), Stats.num(peak),
                        String.format("%.0f s", last[0]), String.valueOf((int) (last[1] - last[2])))));
        result.line("Goal: >= 300 conversations/s. Hub JVM RSS max: " + rss / 1024 + " MiB.\n");
        double[] xs = samples.stream().mapToDouble(v -> v[0]).toArray();
        result.plot(Svg.lines("Burst of " + messages + ": accepted, confirmed sent, backlog", "seconds", "messages",
                List.of(new Svg.Line("accepted", xs, samples.stream().mapToDouble(v -> v[1]).toArray()),
                        new Svg.Line("reply confirmed sent", xs, samples.stream().mapToDouble(v -> v[2]).toArray()),
                        new Svg.Line("backlog", xs, samples.stream().mapToDouble(v -> v[1] - v[2]).toArray()))),
                "sustained burst over time");
        return result;
    }

    /** A burst's course: samples (t, accepted, confirmed), the load, its figures. */
    record Burst(Load.Run run, List<double[]> samples, double rate, double peak, double burstSeconds, long rssKiB) {
        double[] last() {
            return samples.get(samples.size() - 1);
        }

        /** Accepted messages per second while the burst was being sent. */
        double ingestRate() {
            return run.ok() / (Double.isNaN(burstSeconds) ? last()[0] : burstSeconds);
        }

        List<Map<String, Object>> series() {
            List<Map<String, Object>> series = new ArrayList<>();
            for (double[] sample : samples) {
                series.add(Map.of("t", sample[0], "accepted", (int) sample[1], "confirmed", (int) sample[2]));
            }
            return series;
        }
    }

    /**
     * The sustained figure's measurement: {@code messages} webhooks sent by {@code connections}
     * connections (closed model; connection c to {@code urls[c % n]}) as fast as the hubs accept
     * them, while the action ledger is read each second (whatsapp-send actions succeeded) until the
     * backlog is empty or flat for 10 s, at most {@code maxSeconds}. The rate is the confirmed
     * conversations per second between 10 % and 90 % of the final count. RSS: the highest sum of
     * the given processes' VmRSS.
     */
    static Burst burst(Db db, List<String> urls, Load.Traffic traffic, int messages, int connections, int maxSeconds,
                       List<Proc> hubs) {
        int base = db.whatsappSendsSucceeded();
        Load.Run run = new Load.Run(traffic, urls, "closed", messages);
        List<double[]> samples = new ArrayList<>(); // t, accepted, confirmed
        samples.add(new double[] {0, 0, 0});
        long start = System.nanoTime();
        Thread burst = new Thread(() -> Load.closed(run, connections, 0, maxSeconds), "burst");
        long rss;
        double burstSeconds = Double.NaN;
        try (RssSampler sampler = new RssSampler(hubs)) {
            burst.start();
            int flatFor = 0;
            int lastBacklog = Integer.MIN_VALUE;
            while (true) {
                Stack.sleep(1000);
                double t = (System.nanoTime() - start) / 1e9;
                int accepted = run.accepted.get();
                int confirmed = db.whatsappSendsSucceeded() - base;
                samples.add(new double[] {t, accepted, confirmed});
                boolean loading = burst.isAlive();
                if (!loading && Double.isNaN(burstSeconds)) {
                    burstSeconds = (run.endNanos - run.startNanos) / 1e9;
                }
                int backlog = accepted - confirmed;
                flatFor = !loading && backlog == lastBacklog ? flatFor + 1 : 0;
                lastBacklog = backlog;
                if (!loading && (backlog <= 0 || flatFor >= 10)) {
                    break;
                }
                if (t > maxSeconds) {
                    break;
                }
            }
            rss = sampler.maxKiB();
        }
        try {
            burst.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requireSigned(run, "hub");
        double confirmedFinal = samples.get(samples.size() - 1)[2];
        double t10 = timeAt(samples, 0.1 * confirmedFinal);
        double t90 = timeAt(samples, 0.9 * confirmedFinal);
        double rate = confirmedFinal > 0 && t90 > t10 ? 0.8 * confirmedFinal / (t90 - t10) : Double.NaN;
        double peak = samples.size() > 6 ? 0 : Double.NaN;
        for (int i = 6; i < samples.size(); i++) {
            peak = Math.max(peak, (samples.get(i)[2] - samples.get(i - 5)[2]) / (samples.get(i)[0] - samples.get(i - 5)[0]));
        }
        return new Burst(run, samples, rate, peak, burstSeconds, rss);
    }

    // ---------------------------------------------------------------- outage

    static Result outage(Stack stack, Settings s, Db db) {
        Result result = new Result("outage", "Outage: retry amplification with the warehouse flapping", s,
                List.of("BENCH_OUTAGE_SECONDS", "BENCH_OUTAGE_BASELINE_SECONDS", "BENCH_OUTAGE_RATE",
                        "BENCH_OUTAGE_ERROR_RATE", "BENCH_OUTAGE_DRAIN_SECONDS", "BENCH_WHATSAPP_TIER", "BENCH_HUB_JAVA_OPTS"));
        int baseMessages = (int) Math.round(s.outageRate * s.outageBaselineSeconds);
        int faultMessages = (int) Math.round(s.outageRate * s.outageSeconds);
        Load.Traffic baseTraffic = orderTraffic("obase", 40, baseMessages);
        Load.Traffic faultTraffic = orderTraffic("ofault", 41, faultMessages);
        seed(stack, baseTraffic, 40);
        seed(stack, faultTraffic, 41);
        openWindows(stack, baseTraffic, baseMessages);
        openWindows(stack, faultTraffic, faultMessages);
        Http.post(stack.sandbox() + "/faults", "{\"system\": \"warehouse\", \"mode\": \"none\"}");
        String hubUrl = stack.hub() + "/webhooks/whatsapp";

        quiesce(db, s.outageDrainSeconds);
        Bench.say("outage: " + s.outageBaselineSeconds + " s without a fault");
        long calls0 = warehouseCalls(stack);
        Load.Run base = Load.open(hubUrl, baseTraffic, s.outageRate, s.outageBaselineSeconds, s.outageDrainSeconds);
        requireSigned(base, "hub");
        int baseLookups = drainLookups(db, base.ok(), s.outageDrainSeconds);
        Map<String, Integer> baseStatus = db.actionsByStatus(WAREHOUSE_TOOL);
        long calls1 = warehouseCalls(stack);
        String breaker0 = breakerMetrics(stack);

        Bench.say("outage: " + (calls1 - calls0) + " warehouse calls; now " + s.outageSeconds + " s flapping");
        Http.require(Http.post(stack.sandbox() + "/faults", "{\"system\": \"warehouse\", \"mode\": \"flapping\", \"errorRate\": "
                + s.outageErrorRate + ", \"seconds\": " + s.outageSeconds + "}"), "POST /sandbox/faults");
        Load.Run fault = Load.open(hubUrl, faultTraffic, s.outageRate, s.outageSeconds, s.outageDrainSeconds);
        Http.post(stack.sandbox() + "/faults", "{\"system\": \"warehouse\", \"mode\": \"none\"}");
        requireSigned(fault, "hub");
        int allLookups = drainLookups(db, base.ok() + fault.ok(), s.outageDrainSeconds);
        Map<String, Integer> allStatus = db.actionsByStatus(WAREHOUSE_TOOL);
        long calls2 = warehouseCalls(stack);
        String breaker1 = breakerMetrics(stack);

        Bench.say("outage: done");
        long baseCalls = calls1 - calls0;
        long faultCalls = calls2 - calls1;
        double basePer = baseCalls / (double) Math.max(1, base.ok());
        double faultPer = faultCalls / (double) Math.max(1, fault.ok());
        double amplification = faultPer / basePer;
        Map<String, Integer> faultStatus = new LinkedHashMap<>();
        allStatus.forEach((k, v) -> faultStatus.put(k, v - baseStatus.getOrDefault(k, 0)));
        result.json.put("baseline", Map.of("messages", base.ok(), "warehouseCalls", baseCalls, "lookups", baseLookups,
                "lookupStatus", baseStatus, "breaker", breaker0));
        result.json.put("fault", Map.of("messages", fault.ok(), "warehouseCalls", faultCalls,
                "lookups", allLookups - baseLookups, "lookupStatus", faultStatus, "breaker", breaker1));
        result.json.put("amplification", amplification);
        result.json.put("rawRatio", faultCalls / (double) Math.max(1, baseCalls));
        result.line("Customers seeded with an order each (`POST /sandbox/customers`, SAP, shipped) write \"Where is my order"
                + " O-...?\" at " + Stats.num(s.outageRate) + " msg/s, each once: the hub confirms, opens a case and looks"
                + " the order up (the warehouse-status tool). First " + s.outageBaselineSeconds + " s without a fault, then "
                + s.outageSeconds + " s with the warehouse `flapping` at errorRate " + s.outageErrorRate
                + " (`POST /sandbox/faults`), cleared at the end; after each phase the harness waits (at most "
                + s.outageDrainSeconds + " s) until every lookup is settled. Calls = requests the warehouse simulators"
                + " received (`GET /sandbox/calls?system=warehouse`), fulfillment-exception calls included.\n");
        result.table(List.of("phase", "messages", "warehouse calls", "calls per conversation", "lookups by status"),
                List.of(List.of("no fault", String.valueOf(base.ok()), String.valueOf(baseCalls), String.format("%.2f", basePer),
                                baseStatus.toString()),
                        List.of("flapping " + Math.round(s.outageErrorRate * 100) + " %", String.valueOf(fault.ok()),
                                String.valueOf(faultCalls), String.format("%.2f", faultPer), faultStatus.toString())));
        result.line("**Retry amplification = " + String.format("%.3f", amplification) + "** (calls per conversation, fault"
                + " ÷ no fault; raw calls ratio " + String.format("%.3f", faultCalls / (double) Math.max(1, baseCalls))
                + "; goal <= 1.05). With a 30 % error rate and no breaker, the expected number of calls per lookup is"
                + " 1/(1-0.3) = 1.43 even with perfect retries: the goal can only be met if calls that would fail never"
                + " reach the warehouse (an open breaker) or are not retried.\n");
        if (!breaker1.isBlank()) {
            result.line("Warehouse breaker metrics after the fault phase (`/actuator/prometheus`):\n\n```\n" + breaker1 + "\n```\n");
        }
        result.plot(Svg.bars("Warehouse calls per conversation", "calls / conversation", List.of("no fault",
                        "flapping " + Math.round(s.outageErrorRate * 100) + " %"),
                List.of(new Svg.Series("calls per conversation", new double[] {basePer, faultPer})), false,
                basePer * 1.05, "goal: 1.05 x no fault"), "outage retry amplification");
        return result;
    }

    static Load.Traffic orderTraffic(String phase, int group, int customers) {
        return new Load.Traffic(phase, group, customers, i -> "Where is my order " + orderId(group, i) + "?");
    }

    static String orderId(int group, int i) {
        return "O-" + group + String.format("%07d", i);
    }

    static void seed(Stack stack, Load.Traffic traffic, int group) {
        Http.parallel(traffic.customers(), 8, i -> Http.require(Http.post(stack.sandbox() + "/customers",
                "{\"customerId\": \"cust-bench-" + group + "-" + i + "\", \"handles\": [{\"channel\": \"whatsapp\", \"value\": \""
                        + traffic.phone(i) + "\"}], \"orders\": [{\"orderId\": \"" + orderId(group, i)
                        + "\", \"warehouse\": \"sap\", \"status\": \"shipped\"}]}"), "POST /sandbox/customers"));
    }

    private static long warehouseCalls(Stack stack) {
        String body = Http.require(Http.get(stack.sandbox() + "/calls?system=warehouse"), "GET /sandbox/calls").body();
        try {
            return Result.JSON.readTree(body).path("calls").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("GET /sandbox/calls answered " + body, e);
        }
    }

    /** Waits until the hub has a lookup per message and none is still pending or in flight; the lookups. */
    private static int drainLookups(Db db, int expected, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Map<String, Integer> status = db.actionsByStatus(WAREHOUSE_TOOL);
            int total = status.values().stream().mapToInt(Integer::intValue).sum();
            boolean open = status.getOrDefault("pending", 0) + status.getOrDefault("in_flight", 0) > 0;
            if ((total >= expected && !open) || System.nanoTime() > deadline) {
                Stack.sleep(1000); // a last answer still on its way to the simulator's counter
                return total;
            }
            Stack.sleep(500);
        }
    }

    private static String breakerMetrics(Stack stack) {
        Http.Resp metrics = Http.get(stack.hub() + "/actuator/prometheus", "Authorization", Http.OPS_LOGIN);
        if (!metrics.ok()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : metrics.body().split("\n")) {
            if (!line.startsWith("#") && line.contains("circuitbreaker") && line.contains("warehouse")
                    && (line.contains("_calls") || line.contains("state{") && !line.endsWith(" 0.0"))) {
                out.append(line).append('\n');
            }
        }
        return out.toString().trim();
    }

    // ---------------------------------------------------------------- startup

    /** Sandbox first and alone; then the hub cold (empty data folder) and warm (same folder), one at a time. */
    static Result startup(Stack stack, Settings s) {
        Result result = new Result("startup", "Start-up time and memory", s,
                List.of("BENCH_STARTUP_WARM_RUNS", "BENCH_HUB_JAVA_OPTS"));
        stack.launchSandbox();
        stack.awaitSandbox();
        List<Stack.HubStart> starts = new ArrayList<>();
        for (int i = 0; i <= s.startupWarmRuns; i++) {
            stack.launchHub();
            starts.add(stack.awaitHub(i == 0));
            Bench.say("startup: " + (i == 0 ? "cold" : "warm") + " start, health UP after "
                    + String.format("%.1f s", starts.get(i).healthUpSeconds()));
            Stack.sleep(2000);
            stack.stopHub();
        }
        return startupResult(result, starts, "each start alone on the machine, the sandbox already up");
    }

    /** The smoke run's start-up: the one start it made (beside the sandbox's). */
    static Result startupOf(Stack stack, Settings s) {
        Result result = new Result("startup", "Start-up time and memory", s, List.of("BENCH_HUB_JAVA_OPTS"));
        return startupResult(result, stack.starts, "started beside the sandbox (both JVMs starting at once)");
    }

    private static Result startupResult(Result result, List<Stack.HubStart> starts, String how) {
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        double[] up = new double[starts.size()];
        double[] started = new double[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            Stack.HubStart start = starts.get(i);
            String name = start.cold() ? "cold" : "warm " + i;
            categories.add(name);
            up[i] = start.healthUpSeconds();
            started[i] = start.startedLogSeconds() == null ? Double.NaN : start.startedLogSeconds();
            rows.add(List.of(name + (start.cold() ? " (empty data folder: initdb + migrations)" : " (same data folder)"),
                    String.format("%.1f s", up[i]), start.startedLogSeconds() == null ? "n/a" : String.format("%.1f s", started[i]),
                    start.rssKiBAtUp() / 1024 + " MiB"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cold", start.cold());
            row.put("healthUpSeconds", up[i]);
            row.put("startedLogSeconds", start.startedLogSeconds());
            row.put("rssMiBAtUp", start.rssKiBAtUp() / 1024);
            json.add(row);
        }
        result.json.put("starts", json);
        result.line("`java -jar target/continuity-hub-*.jar --spring.profiles.active=sandbox`, " + how + ". Health UP ="
                + " from the process start to the first `GET /actuator/health` answering UP (polled every 100 ms);"
                + " \"Started\" = Spring Boot's own `Started ContinuityHubApplication in X seconds` line. RSS = the hub JVM's"
                + " VmRSS (/proc/PID/status) when it came up; the embedded PostgreSQL runs in processes of its own and is"
                + " not counted. RSS under load is in the other figures (and the summary).\n");
        result.table(List.of("start", "to health UP", "\"Started ... in\"", "RSS at UP"), rows);
        result.line("Goal: start-up <= 8 s from java -jar.\n");
        result.plot(Svg.bars("Hub start-up (s)", "seconds", categories,
                List.of(new Svg.Series("to /actuator/health UP", up), new Svg.Series("Spring's \"Started in\"", started)),
                false, 8.0, "goal 8 s"), "hub start-up time");
        return result;
    }

    // ---------------------------------------------------------------- shared

    /** A few seconds at 20 msg/s so the hub's JIT and pools are warm before a figure counts. */
    static void warmup(Stack stack, Settings s, Db db) {
        if (s.warmupSeconds <= 0) {
            return;
        }
        int messages = 20 * s.warmupSeconds;
        Load.Traffic traffic = new Load.Traffic("warmup" + System.nanoTime() % 100000, 90, messages, i -> HI);
        openWindows(stack, traffic, messages);
        quiesce(db, s.drainSeconds);
        Load.Run run = Load.open(stack.hub() + "/webhooks/whatsapp", traffic, 20, s.warmupSeconds, s.drainSeconds);
        waitConfirmed(db, traffic.phase(), run.ok(), s.drainSeconds);
    }

    /**
     * Opens each customer's 24-hour WhatsApp window at the simulator, as Meta does when a user writes:
     * the harness delivers its webhooks itself, not through the sandbox, so the simulator would
     * otherwise refuse the hub's free-form replies (131047). The documented way is one
     * {@code POST /sandbox/whatsapp/windows} per customer, about a hundred a second here, which
     * would take minutes for a figure's thousands of customers; so the harness writes the same rows
     * into the simulator's table (sandbox.whatsapp_window, src/test/resources/db/sandbox/) in one
     * statement, and falls back on the API if that table is not there.
     */
    static void openWindows(Stack stack, Load.Traffic traffic, int customers) {
        int n = Math.min(customers, traffic.customers());
        String[] users = new String[n];
        for (int i = 0; i < n; i++) {
            users[i] = traffic.phone(i);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(stack.sandboxJdbcUrl());
             java.sql.PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO sandbox.whatsapp_window (user_key, last_inbound_at) SELECT u, now() FROM unnest(?) AS u
                     ON CONFLICT (user_key) DO UPDATE SET last_inbound_at = EXCLUDED.last_inbound_at""")) {
            insert.setArray(1, connection.createArrayOf("text", users));
            insert.executeUpdate();
        } catch (java.sql.SQLException e) {
            Bench.say("windows: the simulator's table is not reachable (" + e.getMessage() + "); using the API");
            Http.parallel(n, 16, i -> Http.require(Http.post(stack.sandbox() + "/whatsapp/windows",
                    "{\"user\": \"" + users[i] + "\"}"), "POST /sandbox/whatsapp/windows"));
        }
        // one through the API, checked: the simulator sees the windows as open
        String answer = Http.require(Http.get(stack.sandbox() + "/whatsapp/windows?user=" + users[n - 1].replace("+", "%2B")),
                "GET /sandbox/whatsapp/windows").body();
        if (!answer.contains("\"open\":true")) {
            throw new IllegalStateException("the simulator does not see the customers' windows as open: " + answer);
        }
    }

    /** Waits until every accepted message of the phase has its reply confirmed, at most {@code seconds}. */
    static int waitConfirmed(Db db, String phase, int expected, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int confirmed = db.repliesConfirmed(phase);
        while (confirmed < expected && System.nanoTime() < deadline) {
            Stack.sleep(500);
            confirmed = db.repliesConfirmed(phase);
        }
        return confirmed;
    }

    /**
     * Waits, at most {@code seconds}, until the hub has finished what earlier phases left (no action
     * pending or in flight, and no new reply for two seconds), so a phase does not pay for the last.
     */
    static void quiesce(Db db, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int last = -1;
        int still = 0;
        while (System.nanoTime() < deadline) {
            int sent = db.whatsappSendsSucceeded();
            still = sent == last && db.openActions() == 0 ? still + 1 : 0;
            if (still >= 3) {
                return;
            }
            last = sent;
            Stack.sleep(500);
        }
    }

    static double[] replyMillis(Load.Run run, Map<String, Long> replies) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < run.count(); i++) {
            if (run.status[i] / 100 == 2) {
                Long at = replies.get(run.traffic.wamid(i));
                out.add(at == null ? Double.POSITIVE_INFINITY : (at - run.dueEpochMicros[i]) / 1000.0);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A 401 means the harness signed wrong: that is the harness broken, not a figure. */
    static void requireSigned(Load.Run run, String who) {
        int unauthorized = 0;
        for (int i = 0; i < run.count(); i++) {
            if (run.status[i] == 401 || run.status[i] == 403) {
                unauthorized++;
            }
        }
        if (unauthorized > 0) {
            throw new IllegalStateException(who + " refused " + unauthorized + " webhooks as unsigned: the harness's signature is wrong");
        }
        if (run.ok() == 0) {
            throw new IllegalStateException(who + " accepted none of " + run.count() + " webhooks (" + run.firstError() + ")");
        }
    }

    static Map<String, Object> runJson(Load.Run run) {
        double[] ack = run.ackMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", run.model);
        if ("open".equals(run.model)) {
            out.put("rate", run.rate);
        } else {
            out.put("warmupSeconds", run.warmupSeconds);
        }
        out.put("sent", run.count());
        out.put("accepted", run.ok());
        out.put("errors", run.errors());
        out.put("connectionsUsed", run.connections);
        out.put("acceptedPerSecond", finiteOrNull(run.acceptedPerSecond()));
        out.put("ackP50Ms", finiteOrNull(Stats.percentile(ack, 50)));
        out.put("ackP99Ms", finiteOrNull(Stats.percentile(ack, 99)));
        out.put("ackMaxMs", finiteOrNull(Stats.max(ack)));
        return out;
    }

    private static List<String> runRow(String name, Load.Run run) {
        double[] ack = run.ackMillis();
        return List.of(name, Stats.num(run.acceptedPerSecond()), Stats.ms(Stats.percentile(ack, 50)),
                Stats.ms(Stats.percentile(ack, 99)), Stats.ms(Stats.max(ack)), String.valueOf(run.errors()),
                String.valueOf(run.count()));
    }

    private static String fmt(double millis, String infinite) {
        return Double.isInfinite(millis) ? infinite : Stats.ms(millis);
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double timeAt(List<double[]> samples, double confirmed) {
        double[] previous = {0, 0, 0};
        for (double[] sample : samples) {
            if (sample[2] >= confirmed) {
                double span = sample[2] - previous[2];
                return span <= 0 ? sample[0] : previous[0] + (confirmed - previous[2]) / span * (sample[0] - previous[0]);
            }
            previous = sample;
        }
        return samples.get(samples.size() - 1)[0];
    }

    /** Samples the hub's PostgreSQL sessions by wait event each second, on a connection of its own. */
    static final class WaitSampler implements AutoCloseable {
        private final Map<String, Double> totals = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        WaitSampler(String jdbcUrl) {
            thread = new Thread(() -> {
                try (Db db = new Db(jdbcUrl)) {
                    while (!Thread.currentThread().isInterrupted()) {
                        db.activeByWait().forEach((k, v) -> totals.merge(k, (double) v, Double::sum));
                        samples.incrementAndGet();
                        Thread.sleep(1000);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    // stopped, or the database went away with the run
                }
            }, "pg-waits");
            thread.setDaemon(true);
            thread.start();
        }

        Map<String, Double> average() {
            Map<String, Double> out = new LinkedHashMap<>();
            int n = Math.max(1, samples.get());
            totals.forEach((k, v) -> out.put(k, Math.round(v / n * 10) / 10.0));
            return out;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** Samples a process's VmRSS (several: their sum) every 500 ms; the highest seen. */
    static final class RssSampler implements AutoCloseable {
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;

        RssSampler(Proc proc) {
            this(List.of(proc));
        }

        RssSampler(List<Proc> procs) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    max.accumulateAndGet(procs.stream().mapToLong(p -> Math.max(0, p.rssKiB())).sum(), Math::max);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss");
            thread.setDaemon(true);
            thread.start();
        }

        long maxKiB() {
            return max.get();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
