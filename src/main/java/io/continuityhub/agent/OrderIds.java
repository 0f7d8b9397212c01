package io.continuityhub.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Order ids as customers write them: a short letter prefix, a dash, digits ("O-99281", "so-1234"). */
public final class OrderIds {

    private static final Pattern ORDER_ID = Pattern.compile("\\b([A-Za-z]{1,3})[- ]?(\\d{4,12})\\b");

    private OrderIds() {
    }

    /** The order ids in {@code text}, upper-cased, in the order written. */
    public static List<String> in(String text) {
        List<String> ids = new ArrayList<>();
        if (text == null) {
            return ids;
        }
        Matcher matcher = ORDER_ID.matcher(text);
        while (matcher.find()) {
            String id = matcher.group(1).toUpperCase(Locale.ROOT) + "-" + matcher.group(2);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
