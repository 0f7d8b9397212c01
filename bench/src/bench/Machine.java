package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where and on what a figure was measured: date, machine, the product commit, the load already on it. */
final class Machine {

    /** The load average when the figure's command began (before its own processes started), if known. */
    static volatile String loadAtStart;

    private Machine() {
    }

    static Map<String, Object> describe(Settings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", Result.now());
        int cores = Runtime.getRuntime().availableProcessors();
        long memKiB = memTotalKiB();
        String cpu = cpuModel();
        out.put("cores", cores);
        out.put("memoryGiB", Math.round(memKiB / 1024.0 / 1024.0));
        out.put("cpu", cpu);
        out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        out.put("machine", cores + " cores, " + Math.round(memKiB / 1024.0 / 1024.0) + " GiB, " + cpu + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"));
        out.put("commit", productCommit(settings));
        out.put("loadAverage", loadAtStart != null ? loadAtStart : loadAverage());
        return out;
    }

    /** The last commit that changed the product (not bench/ or docs/), and whether its files differ from it. */
    static String productCommit(Settings settings) {
        String paths = "src config routes kamelets pom.xml";
        String commit = git(settings, "log -1 --format=%h -- " + paths);
        String dirty = git(settings, "status --porcelain -- " + paths);
        return (commit.isBlank() ? "unknown" : commit) + (dirty.isBlank() ? "" : "+local changes");
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static long memTotalKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory() / 1024;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String git(Settings settings, String args) {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-C", settings.root.toString()));
            command.addAll(java.util.Arrays.asList(args.split(" ")));
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
