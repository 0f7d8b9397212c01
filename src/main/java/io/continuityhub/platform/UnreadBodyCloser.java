package io.continuityhub.platform;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Closes the connection of a request answered without its body read (a 401 from Spring Security,
 * a refusal before the body mattered), instead of letting Tomcat read the rest of the body on the
 * request thread.
 *
 * <p>Tomcat ends a request by swallowing its unread body with blocking reads (up to
 * {@code server.tomcat.max-swallow-size}), on the request's thread. A client trickling its body a
 * byte every second or two to a path it may not use held a Tomcat thread that long; a few hundred
 * such clients held every thread, and no one else was served. Here the answer to such a request
 * carries {@code Connection: close} (set just before the answer is committed, as Spring Security
 * commits its 401 itself), and the request ends asynchronously: Tomcat then drops the connection
 * once the answer is out, without reading on. (The public ingress never gets here: its bodies are
 * read without a thread, {@link IngressBodyReader}.)
 *
 * <p>Only requests that announce a body are wrapped. An answer sent with {@code sendError} (Tomcat
 * renders its error page after this filter) is left to Tomcat.
 */
final class UnreadBodyCloser implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (!announcesBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        CloseIfUnread answer = new CloseIfUnread(request, response);
        chain.doFilter(request, answer);
        if (request.isAsyncStarted() || answer.errorSent || !request.isAsyncSupported() || !bodyLeftUnread(request)) {
            return;
        }
        answer.closeIfUnread();
        if (answer.closing) {
            request.startAsync().complete();
        }
    }

    private static boolean announcesBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean bodyLeftUnread(HttpServletRequest request) {
        try {
            return !request.getInputStream().isFinished();
        } catch (IllegalStateException readThroughTheReader) {
            return false; // read as characters: the application took it
        } catch (IOException gone) {
            return false; // nothing left to swallow
        }
    }

    /** The response, which asks for the connection to close before it commits with the body unread. */
    private static final class CloseIfUnread extends HttpServletResponseWrapper {

        private final HttpServletRequest request;
        private boolean closing;
        private boolean errorSent;
        private ServletOutputStream stream;
        private PrintWriter writer;

        CloseIfUnread(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        void closeIfUnread() {
            if (!closing && !isCommitted() && !request.isAsyncStarted() && bodyLeftUnread(request)) {
                setHeader("Connection", "close");
                closing = true;
            }
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorSent = true;
            super.sendError(status, message);
        }

        @Override
        public void sendError(int status) throws IOException {
            errorSent = true;
            super.sendError(status);
        }

        @Override
        public void flushBuffer() throws IOException {
            closeIfUnread();
            super.flushBuffer();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        closeIfUnread();
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        closeIfUnread();
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                PrintWriter out = super.getWriter();
                writer = new PrintWriter(new Writer() {
                    @Override
                    public void write(char[] chars, int off, int len) {
                        out.write(chars, off, len);
                    }

                    @Override
                    public void flush() {
                        closeIfUnread();
                        out.flush();
                    }

                    @Override
                    public void close() {
                        closeIfUnread();
                        out.close();
                    }
                });
            }
            return writer;
        }
    }
}
