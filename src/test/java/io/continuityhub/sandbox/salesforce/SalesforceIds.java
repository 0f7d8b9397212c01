package io.continuityhub.sandbox.salesforce;

import java.security.SecureRandom;

/**
 * Ids in Salesforce's shapes: 18-character record ids (a 15-character case-sensitive id and the
 * three-character checksum that makes it case-insensitive), and session tokens.
 */
final class SalesforceIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The sandbox org's id and its integration user's id, as the token's identity URL names them. */
    static final String ORG_ID = toEighteen("00D5g000004SbXQ");
    static final String USER_ID = toEighteen("0055g00000HubSb");

    private SalesforceIds() {
    }

    /** A new record id with this object's key prefix ("500" for Case). */
    static String newId(String keyPrefix) {
        return toEighteen(keyPrefix + "5g" + random(10));
    }

    /** An access token shaped like Salesforce's: the org id, '!', then random characters. */
    static String newAccessToken() {
        return ORG_ID.substring(0, 15) + "!" + random(96);
    }

    /** True for a 15- or 18-character id whose key prefix is {@code keyPrefix}. */
    static boolean isId(String value, String keyPrefix) {
        return value != null && value.matches("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}") && value.startsWith(keyPrefix)
                && (value.length() == 15 || toEighteen(value.substring(0, 15)).equals(value));
    }

    /** Salesforce's checksum: one character per five, encoding which of them are upper case. */
    static String toEighteen(String fifteen) {
        StringBuilder id = new StringBuilder(fifteen);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = fifteen.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            id.append(SUFFIX.charAt(bits));
        }
        return id.toString();
    }

    private static String random(int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return value.toString();
    }
}
