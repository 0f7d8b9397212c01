package io.continuityhub.identity;

/**
 * Who a handle belongs to and why the hub believes it.
 *
 * @param matchedBy {@code verified_<channel>} for a strong match, {@code first_contact} for the
 *                  provisional customer an unknown handle already created
 */
public record Resolution(String customerId, String matchedBy, boolean provisional) {
}
