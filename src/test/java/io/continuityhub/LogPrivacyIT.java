package io.continuityhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every log line the hub wrote during the test run (surefire keeps each test class's output
 * in target/surefire-reports, the hub processes of the restart tests write target/*.log) and finds
 * no full phone number, email address or customer message text at INFO or above. Failsafe runs it
 * after the tests, in {@code mvn verify}. The sandbox's own loggers (simulators, the mail server)
 * play the outside world and are not the hub's logs.
 */
class LogPrivacyIT {

    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s.*?---\\s.*?\\]\\s+(\\S+)\\s+:\\s(.*)$");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.+])\\+[1-9]\\d{9,14}(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-]@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})");
    /** What the customers of the reference story and the tests say. */
    private static final List<String> CUSTOMER_WORDS = List.of("where is my order", "tuesday works for me",
            "can i change the address", "any news on my delivery", "it should have arrived today");
    private static final List<String> NOT_THE_HUB = List.of("i.c.sandbox", "io.continuityhub.sandbox", "c.icegreen",
            "com.icegreen", "i.c.s.");

    record Leak(String file, String logger, String what, String line) {
        @Override
        public String toString() {
            return what + " in " + file + " (" + logger + "): " + line.substring(0, Math.min(line.length(), 300));
        }
    }

    @Test
    void noLogLineOfTheTestRunCarriesAPhoneNumberAnEmailAddressOrWhatACustomerWrote() throws IOException {
        List<Path> logs = logs();
        List<Leak> leaks = new ArrayList<>();
        int hubLines = 0;
        for (Path file : logs) {
            String level = null;
            String logger = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher header = LOG_LINE.matcher(line);
                if (header.matches()) {
                    level = header.group(1);
                    logger = header.group(2);
                } else if (line.startsWith("{\"@timestamp\"")) {
                    level = "INFO";
                    logger = "audit";
                } // any other line continues the event above it: a multi-line message or a stack trace
                if (level == null || level.equals("DEBUG") || level.equals("TRACE") || isNotTheHub(logger)) {
                    continue;
                }
                hubLines++;
                leaks.addAll(leaksIn(file.getFileName().toString(), logger, line));
            }
        }
        assertThat(hubLines).as("hub log lines read from " + logs.size() + " files: run this after the tests (mvn verify)")
                .isGreaterThan(100);
        assertThat(leaks).isEmpty();
    }

    private static List<Leak> leaksIn(String file, String logger, String line) {
        List<Leak> found = new ArrayList<>();
        Matcher phone = PHONE.matcher(line);
        if (phone.find()) {
            found.add(new Leak(file, logger, "a phone number", line));
        }
        Matcher email = EMAIL.matcher(line);
        while (email.find()) {
            String domain = email.group(1).toLowerCase(Locale.ROOT);
            // the hub's own mailbox and Message-IDs, and a library's generated ids, are no one's address
            if (!domain.endsWith("hub.local") && !domain.equals("localhost") && !email.group().contains("JavaMail")) {
                found.add(new Leak(file, logger, "an email address", line));
                break;
            }
        }
        String lower = line.toLowerCase(Locale.ROOT);
        CUSTOMER_WORDS.stream().filter(lower::contains).findFirst()
                .ifPresent(words -> found.add(new Leak(file, logger, "a customer's message", line)));
        return found;
    }

    private static boolean isNotTheHub(String logger) {
        return logger != null && NOT_THE_HUB.stream().anyMatch(logger::startsWith);
    }

    private static List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        Path reports = Path.of("target", "surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                files.filter(file -> file.getFileName().toString().endsWith("-output.txt")).forEach(logs::add);
            }
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            files.filter(file -> file.getFileName().toString().endsWith(".log")).forEach(logs::add);
        }
        return logs;
    }
}
