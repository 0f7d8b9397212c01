package io.continuityhub.kernel.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealingTest {

    private static final String OLD = newKey();
    private static final String NEW = newKey();

    private final Sealing sealing = new Sealing(new CryptoProperties("k1", Map.of("k1", OLD)));

    @Test
    void aSealedTextOpensToItselfAndNamesItsKeyButNotItsText() {
        String sealed = sealing.seal("Where is order O-99281? Call me on +447700900123");

        assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("O-99281").doesNotContain("447700900123");
        assertThat(Sealing.keyIdOf(sealed)).isEqualTo("k1");
        assertThat(sealing.open(sealed)).isEqualTo("Where is order O-99281? Call me on +447700900123");
        assertThat(sealing.seal("same")).as("a fresh IV each time").isNotEqualTo(sealing.seal("same"));
    }

    @Test
    void aSealedJsonIsAJsonObjectThatOpensToTheJsonAsJsonbPrintsItBack() {
        String sealed = sealing.sealJson("{\"text\":\"hello\"}");

        assertThat(sealed).matches("\\{\"enc\":\"v1:k1:[A-Za-z0-9+/=]+\"}");
        assertThat(sealing.openJson(sealed)).isEqualTo("{\"text\":\"hello\"}");
        // PostgreSQL's jsonb::text puts a space after the colon
        assertThat(sealing.openJson(sealed.replace("\"enc\":", "\"enc\": "))).isEqualTo("{\"text\":\"hello\"}");
        assertThat(Sealing.keyIdOf(sealed.replace("\"enc\":", "\"enc\": "))).isEqualTo("k1");
    }

    @Test
    void valuesWrittenBeforeSealingOrBlankedReadAsTheyAre() {
        assertThat(sealing.open("plain text from before")).isEqualTo("plain text from before");
        assertThat(sealing.open(null)).isNull();
        assertThat(sealing.seal(null)).isNull();
        assertThat(sealing.openJson("{}")).isEqualTo("{}");
        assertThat(sealing.openJson("{\"text\": \"old row\", \"enc\": 1}")).isEqualTo("{\"text\": \"old row\", \"enc\": 1}");
        assertThat(Sealing.keyIdOf("plain")).isNull();
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        String sealed = sealing.seal("change my address to 1 High St");
        String body = sealed.substring("enc:v1:k1:".length());
        byte[] bytes = Base64.getDecoder().decode(body);
        bytes[bytes.length - 20] ^= 1;

        assertThatThrownBy(() -> sealing.open("enc:v1:k1:" + Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(SealingException.class).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> sealing.open("enc:v1:k1:" + body.substring(0, 8)))
                .isInstanceOf(SealingException.class).hasMessageContaining("altered");
    }

    @Test
    void anEnvelopeRelabelledWithAnotherKeyIdDoesNotOpen() {
        Sealing twoKeys = new Sealing(new CryptoProperties("k1", Map.of("k1", OLD, "k2", OLD)));
        String sealed = twoKeys.seal("secret");

        assertThatThrownBy(() -> twoKeys.open(sealed.replace(":k1:", ":k2:")))
                .as("the key id is authenticated data").isInstanceOf(SealingException.class);
    }

    @Test
    void aValueSealedWithAKeyTheHubNoLongerHoldsFailsNamingTheKey() {
        String sealed = sealing.seal("secret");
        Sealing withoutK1 = new Sealing(new CryptoProperties("k2", Map.of("k2", NEW)));

        assertThatThrownBy(() -> withoutK1.open(sealed)).isInstanceOf(SealingException.class)
                .hasMessageContaining("key 'k1'").hasMessageContaining("HUB_CRYPTO_KEYS_K1");
    }

    @Test
    void aWrongKeyUnderTheRightIdFailsRatherThanReturningGarbage() {
        String sealed = sealing.seal("secret");
        Sealing otherBytes = new Sealing(new CryptoProperties("k1", Map.of("k1", NEW)));

        assertThatThrownBy(() -> otherBytes.open(sealed)).isInstanceOf(SealingException.class)
                .hasMessageContaining("hub.crypto.keys.k1 is not the key it was sealed with");
    }

    @Test
    void afterRotationNewValuesUseTheNewKeyAndOldOnesStillOpen() {
        String before = sealing.seal("sealed before the rotation");
        String beforeJson = sealing.sealJson("{\"a\":1}");
        Sealing rotated = new Sealing(new CryptoProperties("k2", Map.of("k1", OLD, "k2", NEW)));

        String after = rotated.seal("sealed after");
        assertThat(Sealing.keyIdOf(after)).isEqualTo("k2");
        assertThat(rotated.open(after)).isEqualTo("sealed after");
        assertThat(rotated.open(before)).isEqualTo("sealed before the rotation");
        assertThat(rotated.openJson(beforeJson)).isEqualTo("{\"a\":1}");
    }

    @Test
    void manyThreadsSealAndOpenAtOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 400; i++) {
                String text = "message " + i;
                results.add(pool.submit(() -> text.equals(sealing.open(sealing.seal(text)))));
            }
            for (var result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSettingsRefuseAMissingOrShortOrUnknownActiveKeyAndSayWhatToSet() {
        assertThatThrownBy(() -> new CryptoProperties(null, Map.of()))
                .hasMessageContaining("HUB_CRYPTO_ACTIVE_KEY").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> new CryptoProperties("k9", Map.of("k1", OLD)))
                .hasMessageContaining("no key 'k9'").hasMessageContaining("HUB_CRYPTO_KEYS_K9");
        assertThatThrownBy(() -> new CryptoProperties("k1", Map.of("k1", Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("16 bytes, not 32");
        assertThatThrownBy(() -> new CryptoProperties("k1", Map.of("k1", "not base64!")))
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> new CryptoProperties("K-1", Map.of("K-1", OLD)))
                .hasMessageContaining("lower-case letters and digits");
        assertThat(new CryptoProperties("k1", Map.of("k1", OLD)).toString()).doesNotContain(OLD);
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
