package bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** The harness's control calls (health, sandbox set-up): not load, so plain and synchronous. */
final class Http {

    static final HttpClient CONTROL = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String OPS_LOGIN = "Basic " + Base64.getEncoder().encodeToString("ops:sandbox-ops".getBytes(StandardCharsets.UTF_8));

    record Resp(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private Http() {
    }

    static Resp send(String method, String url, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CONTROL.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Resp(-1, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Resp get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    static Resp post(String url, String json) {
        return send("POST", url, json);
    }

    static Resp require(Resp resp, String what) {
        if (!resp.ok()) {
            throw new IllegalStateException(what + " answered " + resp.status() + ": " + resp.body());
        }
        return resp;
    }

    /** Runs {@code task} for 0..n-1 on {@code threads} threads; the first failure is rethrown. */
    static void parallel(int n, int threads, IntConsumer task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try {
            Future<?>[] futures = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                futures[t] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                        try {
                            task.accept(i);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                });
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
