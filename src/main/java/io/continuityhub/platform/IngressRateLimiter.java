package io.continuityhub.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-sender request rates on the public ingress: each sender (an ingress and a remote address,
 * IPv6 by /64) gets {@code hub.ingress.rate-limit.*} requests per period; one more is answered
 * 429 with {@code Retry-After} (the seconds until its next permit) before a byte of its body is
 * read, so a greedy sender costs the hub little and other senders nothing.
 *
 * <p>One resilience4j {@link RateLimiter} per sender (a fixed window that refills every period),
 * in a Caffeine cache bounded by {@code max-senders} and forgetting a sender one period after its
 * last request (by then its window would be full again anyway).
 *
 * <p>The remote address is the connection's, or, with {@code server.forward-headers-strategy:
 * native} behind a trusted proxy, the client's as the proxy reports it (operations.md).
 */
final class IngressRateLimiter implements Filter {

    private final IngressLimits.RateLimit limits;
    private final RateLimiterConfig touchpoints;
    private final RateLimiterConfig webhooks;
    private final List<AddressRange> exempt;
    private final Cache<String, RateLimiter> senders;
    private final IngressRefusals refusals;

    IngressRateLimiter(IngressLimits.RateLimit limits, IngressRefusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
        this.touchpoints = config(limits.touchpoints(), limits.period());
        this.webhooks = config(limits.webhooks(), limits.period());
        this.exempt = limits.exempt().stream().filter(range -> !range.isBlank()).map(AddressRange::parse).toList();
        this.senders = Caffeine.newBuilder()
                .maximumSize(limits.maxSenders())
                .expireAfterAccess(limits.period().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : limits.period())
                .build();
    }

    private static RateLimiterConfig config(int perPeriod, Duration period) {
        return RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO) // never wait for a permit: answer 429 at once
                .build();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!limits.enabled()) {
            chain.doFilter(req, res);
            return;
        }
        String ingress = ingress(request);
        InetAddress address = address(request.getRemoteAddr());
        if (ingress == null || address == null || isExempt(address)) {
            chain.doFilter(req, res);
            return;
        }
        String sender = ingress + " " + sender(address);
        RateLimiter limiter = senders.get(sender, name -> RateLimiter.of(name,
                ingress.equals("touchpoints") ? touchpoints : webhooks));
        if (limiter.acquirePermission()) {
            chain.doFilter(req, res);
            return;
        }
        long retryAfter = retryAfterSeconds(limiter);
        int limit = ingress.equals("touchpoints") ? limits.touchpoints() : limits.webhooks();
        refusals.refuse(request, (HttpServletResponse) res, null, 429, new ApiError("rate_limited",
                "more than " + limit + " requests in " + limits.period().toMillis() + " ms from " + request.getRemoteAddr()
                        + " on this endpoint (hub.ingress.rate-limit); retry after " + retryAfter + " s", null), retryAfter);
    }

    /** Which limit a path is counted under; null for a path this filter is not about. */
    private static String ingress(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/api/v1/touchpoints")) {
            return "touchpoints";
        }
        return switch (path) {
            case "/webhooks/whatsapp" -> "whatsapp";
            case "/webhooks/carrier" -> "carrier";
            // any other path under /webhooks/ (a 404): one count, so made-up paths make no new senders
            default -> path.startsWith("/webhooks/") ? "webhooks" : null;
        };
    }

    private boolean isExempt(InetAddress address) {
        for (AddressRange range : exempt) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4 address as it is; an IPv6 address by its /64, which one host or home usually holds whole. */
    private static String sender(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static long retryAfterSeconds(RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter atomic ? atomic.getDetailedMetrics().getNanosToWait() : 0;
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** The remote address as the container reports it: an IP literal, never a name, so no lookup happens. */
    private static InetAddress address(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isBlank()) {
            return null;
        }
        try {
            return InetAddress.getByName(remoteAddr);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address or a CIDR range (10.0.0.0/8, 2001:db8::/32), as written in hub.ingress.rate-limit.exempt. */
    record AddressRange(byte[] network, int prefixBits) {

        static AddressRange parse(String text) {
            String[] parts = text.trim().split("/", 2);
            // an IP literal only: a name here would be looked up in DNS
            InetAddress address = parts[0].matches("[0-9a-fA-F.:]+") ? address(parts[0]) : null;
            if (address == null) {
                throw new IllegalArgumentException("hub.ingress.rate-limit.exempt: '" + text
                        + "' is not an IP address or CIDR range (like 10.0.0.0/8)");
            }
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("hub.ingress.rate-limit.exempt: '" + text + "' has a prefix past /" + bits);
            }
            return new AddressRange(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
