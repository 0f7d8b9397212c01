package io.continuityhub.sandbox;

/** The pair rate limit (business number, user): its own bean, so it is never mistaken for the tier's. */
record PairRateLimiter(SendRateLimiter limiter) {
}
