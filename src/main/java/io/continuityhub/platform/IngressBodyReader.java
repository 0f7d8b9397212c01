package io.continuityhub.platform;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole body of a public ingress request before the request goes any further, without
 * a thread while the bytes are on their way, and within a deadline.
 *
 * <p>Why: the ingress routes run on platform-http's workers (Spring's task executor,
 * {@code hub.ingress.workers}), and platform-http reads the body on the worker, with blocking
 * reads. A client that sends its body a byte every two seconds held a worker for as long as it
 * liked (each read is well within Tomcat's per-read timeout), so a few hundred such clients held
 * every worker and every other sender queued behind them.
 *
 * <p>How: the request goes asynchronous and Tomcat's non-blocking reads ({@link ReadListener})
 * collect the body as it arrives; the connection waits in Tomcat's poller, not on a thread. Once
 * the last byte is in, the request is dispatched again, with the body in memory, and only then
 * reaches Spring, the route and its worker. The async timeout is the body-read deadline: it runs
 * from the request's start whatever the sender does, and ends a slow request with 408 and a
 * closed connection. A body over {@code hub.ingress.max-body-bytes} is read on but not kept, and
 * answered 413 once it is in (at once, when its Content-Length is past what is read and thrown
 * away, {@code server.tomcat.max-swallow-size}). The bodies held at once, from their
 * first byte until their request is answered, are bounded by {@code hub.ingress.max-buffered-bodies};
 * a request that finds no room is answered 503 with Retry-After.
 */
final class IngressBodyReader implements Filter {

    private static final Logger log = LoggerFactory.getLogger(IngressBodyReader.class);
    private static final String BODY = IngressBodyReader.class.getName() + ".body";

    private final int maxBodyBytes;
    private final long maxDiscarded;
    private final long timeoutMillis;
    private final long maxBuffered;
    private final AtomicLong buffered = new AtomicLong();
    private final IngressRefusals refusals;

    /**
     * @param maxDiscarded how much of a body over the limit is read and thrown away before the 413,
     *                     so that a client still sending it reads the answer (server.tomcat.max-swallow-size)
     */
    IngressBodyReader(IngressLimits limits, long maxDiscarded, IngressRefusals refusals) {
        this.maxBodyBytes = limits.maxBodyBytes();
        this.maxDiscarded = Math.max(maxDiscarded, limits.maxBodyBytes());
        this.timeoutMillis = limits.bodyReadTimeout().toMillis();
        this.maxBuffered = limits.maxBufferedBodies().toBytes();
        this.refusals = refusals;
    }

    /** The bytes of request bodies held now (a gauge). */
    long buffered() {
        return buffered.get();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getAttribute(BODY) instanceof BodyRead read) {
            // the dispatch once the body is in (and Spring's own dispatch after the route answered)
            try {
                chain.doFilter(request instanceof BodyInMemory ? request : new BodyInMemory(request, read.body), response);
            } finally {
                if (!request.isAsyncStarted()) {
                    read.release();
                }
            }
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxDiscarded) {
            refusals.refuse(request, response, null, 413, tooLarge(declared), 0);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutMillis);
        BodyRead read = new BodyRead(request, response, async, declared);
        async.addListener(read);
        request.getInputStream().setReadListener(read);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private ApiError tooLarge(long size) {
        return new ApiError("body_too_large", "the body is " + (size > 0 ? size + " bytes" : "over " + maxDiscarded + " bytes")
                + "; at most " + maxBodyBytes + " are accepted (hub.ingress.max-body-bytes)", null);
    }

    /** One body on its way in: Tomcat calls it as bytes arrive, and when its async cycle ends. */
    private final class BodyRead implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final ByteArrayOutputStream kept;
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean released = new AtomicBoolean();
        private long reserved;
        private long total;
        private boolean ended;
        private byte[] body;

        BodyRead(HttpServletRequest request, HttpServletResponse response, AsyncContext async, long declared) {
            this.request = request;
            this.response = response;
            this.async = async;
            this.kept = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 8192) : 1024);
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream in = request.getInputStream();
            while (!ended && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                total += n;
                if (total > maxBodyBytes) {
                    // over the limit: read on and throw away, so the sender, still writing, reads the 413
                    if (total > maxDiscarded) {
                        end(413, tooLarge(-1), 0);
                    }
                    continue;
                }
                if (!reserve(n)) {
                    end(503, new ApiError("temporarily_unavailable", "the hub is holding as many request bodies as it"
                            + " may (hub.ingress.max-buffered-bodies); nothing was kept, retry later", null), 1);
                    return;
                }
                kept.write(chunk, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            if (ended) {
                return;
            }
            if (total > maxBodyBytes) {
                end(413, tooLarge(total), 0);
                return;
            }
            ended = true;
            body = kept.toByteArray();
            request.setAttribute(BODY, this);
            async.dispatch();
        }

        @Override
        public void onError(Throwable failure) {
            // the sender went away, or one read waited past server.tomcat.connection-timeout
            log.debug("reading an ingress body from {} failed: {}", request.getRemoteAddr(), failure.toString());
            if (!ended) {
                ended = true;
                release();
                try {
                    async.complete();
                } catch (IllegalStateException alreadyOver) {
                    // Tomcat ended it itself
                }
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (!ended) {
                end(408, new ApiError("request_timeout", "the request's body did not arrive within "
                        + Duration.ofMillis(timeoutMillis).toSeconds() + " s (hub.ingress.body-read-timeout); send it"
                        + " again in one go", null), 0);
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Spring went asynchronous for the route: stay listening, to free the body when it is answered
            event.getAsyncContext().addListener(this);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        private void end(int status, ApiError error, long retryAfterSeconds) {
            ended = true;
            refusals.refuse(request, response, async, status, error, retryAfterSeconds);
        }

        private boolean reserve(int n) {
            if (buffered.addAndGet(n) > maxBuffered) {
                buffered.addAndGet(-n);
                return false;
            }
            reserved += n;
            return true;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                buffered.addAndGet(-reserved);
            }
        }
    }

    /** The request with its body in memory: the route reads it at once, off the network. */
    private static final class BodyInMemory extends HttpServletRequestWrapper {

        private final byte[] body;

        BodyInMemory(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return bytes.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
