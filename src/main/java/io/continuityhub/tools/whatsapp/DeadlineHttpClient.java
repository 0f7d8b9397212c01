package io.continuityhub.tools.whatsapp;

import java.io.IOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The HttpClient handed to camel-whatsapp, working around two gaps of its 4.17 producer: it sets
 * no request timeout, and it only completes the exchange when an HTTP answer arrives, so a
 * refused connection leaves the exchange waiting forever. This client adds the timeout and turns
 * a transport failure into an answer with status {@value #TRANSPORT_FAILURE} whose body says
 * whether the request can have reached the far side ({@code "reached": false} for a refused or
 * timed-out connection, true once it was sent).
 */
class DeadlineHttpClient extends HttpClient {

    static final int TRANSPORT_FAILURE = 599;

    private final HttpClient delegate;
    private final Duration requestTimeout;

    DeadlineHttpClient(HttpClient delegate, Duration requestTimeout) {
        this.delegate = delegate;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest withDeadline = HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
        return delegate.sendAsync(withDeadline, handler).handle((response, failure) ->
                failure == null ? response : transportFailure(withDeadline, failure));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return delegate.send(HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build(), handler);
    }

    @SuppressWarnings("unchecked") // camel-whatsapp reads every answer as a String (BodyHandlers.ofString)
    private static <T> HttpResponse<T> transportFailure(HttpRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        boolean neverReached = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
        String kind = neverReached ? "connect" : cause instanceof HttpTimeoutException ? "timeout" : "io";
        String body = "{\"transportFailure\":\"" + kind + "\",\"reached\":" + !neverReached + ",\"message\":\""
                + String.valueOf(cause.getMessage()).replace("\"", "'") + "\"}";
        return (HttpResponse<T>) new SyntheticResponse(request, body);
    }

    private record SyntheticResponse(HttpRequest request, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return TRANSPORT_FAILURE;
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of("content-type", List.of("application/json")), (n, v) -> true);
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public java.net.URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
