package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The load generator: signed WhatsApp webhooks over java.net.http.HttpClient (HTTP/1.1), either
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
        int shed;

        Run(Traffic traffic, String target, String model, int capacity) {
            this.traffic = traffic;
            this.target = target;
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

    private static final int MAX_IN_FLIGHT = 4000;

    private Load() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "load-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    private static HttpRequest request(String url, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Webhooks.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** rate messages a second for {@code seconds}, then waits up to 30 s for the last answers. */
    static Run open(String url, Traffic traffic, double rate, double seconds) {
        int n = (int) Math.round(rate * seconds);
        Run run = new Run(traffic, url, "open", n);
        run.rate = rate;
        HttpClient client = client();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        long startEpochMicros = epochMicros();
        run.startNanos = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long dueOffset = (long) (i * 1e9 / rate);
            long wait = run.startNanos + dueOffset - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            run.dueEpochMicros[i] = startEpochMicros + dueOffset / 1000;
            run.sent.incrementAndGet();
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                run.shed++;
                run.status[i] = 0;
                answered.incrementAndGet();
                continue;
            }
            final int index = i;
            long due = run.startNanos + dueOffset;
            byte[] body = Webhooks.textMessage(traffic.phone(i), traffic.wamid(i), traffic.text().apply(i));
            inFlight.incrementAndGet();
            client.sendAsync(request(url, body), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                run.ackNanos[index] = now - due;
                run.doneNanos[index] = now - run.startNanos;
                run.status[index] = error != null ? -1 : response.statusCode();
                if (run.status[index] / 100 == 2) {
                    run.accepted.incrementAndGet();
                }
                inFlight.decrementAndGet();
                answered.incrementAndGet();
            });
        }
        run.endNanos = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
        String url = run.target;
        int maxMessages = run.capacity;
        run.connections = connections;
        run.warmupSeconds = warmupSeconds;
        HttpClient client = client();
        AtomicInteger next = new AtomicInteger();
        run.startNanos = System.nanoTime();
        long stopAt = run.startNanos + (long) ((warmupSeconds + measureSeconds) * 1e9);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < maxMessages && System.nanoTime() < stopAt; i = next.getAndIncrement()) {
                    byte[] body = Webhooks.textMessage(traffic.phone(i), traffic.wamid(i), traffic.text().apply(i));
                    long start = System.nanoTime();
                    run.dueEpochMicros[i] = epochMicros();
                    run.sent.incrementAndGet();
                    int status;
                    try {
                        status = client.send(request(url, body), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long now = System.nanoTime();
                    run.ackNanos[i] = now - start;
                    run.doneNanos[i] = now - run.startNanos;
                    run.status[i] = status;
                    if (status / 100 == 2) {
                        run.accepted.incrementAndGet();
                    }
                }
            }, "load-" + c);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            try {
                sender.join();
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
