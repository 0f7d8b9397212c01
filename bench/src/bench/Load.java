package bench;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator: signed WhatsApp webhooks over keep-alive HTTP/1.1 connections ({@link Wire}), either
 * an open model (a fixed arrival rate: message i is due at start + i/rate whatever the answers
 * before it, and its latency counts from when it was due, so a slow hub cannot slow the load down)
 * or a closed model (n connections, each sending its next message when the last was answered).
 */
final class Load {

    /** Who writes message i and what: a distinct customer of a group, a text. */
    record Traffic(String phase, int group, int customers, IntFunction<String> text) {
        String phone(int i) {
            return Webhooks.phone(group, i % customers);
        }

        String wamid(int i) {
            return "wamid.BENCH." + phase + "." + i;
        }
    }

    /** Everything sent in one phase, message by message. */
    static final class Run {
        final Traffic traffic;
        final String target;
        final List<String> targets; // the closed model's connection c sends to targets[c % n]
        final String model;
        final int capacity;
        final long[] dueEpochMicros;
        final long[] ackNanos;
        final long[] doneNanos;   // since start, when the answer came
        final int[] status;       // HTTP status; -1 I/O error or timeout; 0 never sent
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        long startNanos;
        long endNanos;            // when the last message was sent (open) or the load stopped (closed)
        double rate;
        int connections;
        double warmupSeconds;

        Run(Traffic traffic, String target, String model, int capacity) {
            this(traffic, List.of(target), model, capacity);
        }

        Run(Traffic traffic, List<String> targets, String model, int capacity) {
            this.traffic = traffic;
            this.target = targets.get(0);
            this.targets = List.copyOf(targets);
            this.model = model;
            this.capacity = capacity;
            dueEpochMicros = new long[capacity];
            ackNanos = new long[capacity];
            doneNanos = new long[capacity];
            status = new int[capacity];
        }

        int count() {
            return Math.min(sent.get(), capacity);
        }

        int ok() {
            int ok = 0;
            for (int i = 0; i < count(); i++) {
                if (status[i] / 100 == 2) {
                    ok++;
                }
            }
            return ok;
        }

        int errors() {
            return count() - ok();
        }

        /** Accepted (2xx) answers per second that came within [warm-up, end of load]. */
        double acceptedPerSecond() {
            long from = (long) (warmupSeconds * 1e9);
            long to = endNanos - startNanos;
            int n = 0;
            for (int i = 0; i < count(); i++) {
                if (status[i] / 100 == 2 && doneNanos[i] >= from && doneNanos[i] <= to) {
                    n++;
                }
            }
            return n / ((to - from) / 1e9);
        }

        /** Ack latencies (ms) of the accepted messages answered after the warm-up. */
        double[] ackMillis() {
            long from = (long) (warmupSeconds * 1e9);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < count(); i++) {
                if (status[i] / 100 == 2 && doneNanos[i] >= from) {
                    out.add(ackNanos[i] / 1e6);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        String firstError() {
            for (int i = 0; i < count(); i++) {
                if (status[i] / 100 != 2) {
                    return "message " + i + " answered " + status[i];
                }
            }
            return null;
        }
    }

    /** The open model's connections: opened as the load needs them, at most this many at once. */
    static final int MAX_CONNECTIONS = 256;

    private Load() {
    }

    private static int send(Wire wire, Traffic traffic, int i) {
        byte[] body = Webhooks.textMessage(traffic.phone(i), traffic.wamid(i), traffic.text().apply(i));
        try {
            return wire.post(body, "X-Hub-Signature-256", Webhooks.sign(body));
        } catch (IOException | RuntimeException e) {
            wire.close();
            return -1;
        }
    }

    /**
     * rate messages a second for {@code seconds}; then waits up to {@code answerWaitSeconds} for the last answers.
     * A message waits for a free connection only if MAX_CONNECTIONS are all busy, and its latency
     * counts from when it was due either way.
     */
    static Run open(String url, Traffic traffic, double rate, double seconds, double answerWaitSeconds) {
        int n = (int) Math.round(rate * seconds);
        Run run = new Run(traffic, url, "open", n);
        run.rate = rate;
        LinkedBlockingQueue<Integer> due = new LinkedBlockingQueue<>();
        AtomicInteger idle = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean scheduled = new AtomicBoolean();
        long startEpochMicros = epochMicros();
        run.startNanos = System.nanoTime();
        Runnable sender = () -> {
            Wire wire = new Wire(url);
            try {
                while (true) {
                    idle.incrementAndGet();
                    Integer i;
                    try {
                        i = due.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        idle.decrementAndGet();
                    }
                    if (i == null) {
                        if (scheduled.get() && due.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    int status = send(wire, traffic, i);
                    long now = System.nanoTime();
                    run.ackNanos[i] = now - (run.startNanos + (long) (i * 1e9 / rate));
                    run.doneNanos[i] = now - run.startNanos;
                    run.status[i] = status;
                    if (status / 100 == 2) {
                        run.accepted.incrementAndGet();
                    }
                    answered.incrementAndGet();
                }
            } finally {
                wire.close();
            }
        };
        int connections = 0;
        for (int i = 0; i < n; i++) {
            long dueOffset = (long) (i * 1e9 / rate);
            long wait = run.startNanos + dueOffset - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            run.dueEpochMicros[i] = startEpochMicros + dueOffset / 1000;
            run.sent.incrementAndGet();
            due.add(i);
            if (idle.get() == 0 && connections < MAX_CONNECTIONS) {
                Thread thread = new Thread(sender, "load-open-" + connections++);
                thread.setDaemon(true);
                thread.start();
            }
        }
        scheduled.set(true);
        run.endNanos = System.nanoTime();
        run.connections = connections;
        long deadline = System.nanoTime() + (long) (answerWaitSeconds * 1e9);
        while (answered.get() < n && System.nanoTime() < deadline) {
            Stack.sleep(20);
        }
        return run;
    }

    /**
     * {@code connections} senders, each sending its next message when the last was answered, for
     * warm-up + measure seconds or until {@code maxMessages} are sent.
     */
    static Run closed(String url, Traffic traffic, int connections, double warmupSeconds, double measureSeconds,
                      int maxMessages) {
        Run run = new Run(traffic, url, "closed", maxMessages);
        closed(run, connections, warmupSeconds, measureSeconds);
        return run;
    }

    /** As above, into a run the caller holds (to watch it while it runs). */
    static void closed(Run run, int connections, double warmupSeconds, double measureSeconds) {
        Traffic traffic = run.traffic;
        int maxMessages = run.capacity;
        run.connections = connections;
        run.warmupSeconds = warmupSeconds;
        AtomicInteger next = new AtomicInteger();
        run.startNanos = System.nanoTime();
        long stopAt = run.startNanos + (long) ((warmupSeconds + measureSeconds) * 1e9);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String target = run.targets.get(c % run.targets.size());
            Thread thread = new Thread(() -> {
                Wire wire = new Wire(target);
                try {
                    for (int i = next.getAndIncrement(); i < maxMessages && System.nanoTime() < stopAt; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        run.dueEpochMicros[i] = epochMicros();
                        run.sent.incrementAndGet();
                        int status = send(wire, traffic, i);
                        long now = System.nanoTime();
                        run.ackNanos[i] = now - start;
                        run.doneNanos[i] = now - run.startNanos;
                        run.status[i] = status;
                        if (status / 100 == 2) {
                            run.accepted.incrementAndGet();
                        }
                    }
                } finally {
                    wire.close();
                }
            }, "load-" + c);
            thread.setDaemon(true);
            thread.start();
            senders.add(thread);
        }
        for (Thread thread : senders) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        run.endNanos = Math.min(System.nanoTime(), stopAt);
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
