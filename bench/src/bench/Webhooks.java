package bench;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WhatsApp Cloud API webhooks as Meta sends them (the shape of the hub's tests,
 * src/test/java/io/continuityhub/support/MetaWebhooks.java): one entry, one change, one text
 * message with a unique wamid, signed with the sandbox app secret (X-Hub-Signature-256).
 */
final class Webhooks {

    static final String APP_SECRET = "sandbox-app-secret";
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    private Webhooks() {
    }

    /** A distinct customer's number: +447 and nine digits (a UK mobile), {@code group} keeps figures apart. */
    static String phone(int group, int index) {
        return "+447" + String.format("%02d%07d", group, index);
    }

    static byte[] textMessage(String phoneE164, String wamid, String text) {
        String digits = phoneE164.substring(1);
        long now = System.currentTimeMillis() / 1000;
        return ("{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": \"1029384756\", \"changes\": [{\"field\": \"messages\","
                + " \"value\": {\"messaging_product\": \"whatsapp\","
                + " \"metadata\": {\"display_phone_number\": \"15550001111\", \"phone_number_id\": \"100000000000001\"},"
                + " \"contacts\": [{\"profile\": {\"name\": \"Bench\"}, \"wa_id\": \"" + digits + "\"}],"
                + " \"messages\": [{\"from\": \"" + digits + "\", \"id\": \"" + wamid + "\", \"timestamp\": \"" + now
                + "\", \"type\": \"text\", \"text\": {\"body\": \"" + text + "\"}}]}}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    static String sign(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(MAC.get().doFinal(body));
    }
}
