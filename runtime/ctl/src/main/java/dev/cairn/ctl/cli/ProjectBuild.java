package dev.cairn.ctl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Builds the project once: the command line given ({@code --build}, run by {@code sh -c} in the project), else the
 * project's own {@code ./mvnw} if it has one, else {@code mvn}, each as {@code -B -q -o package -DskipTests}: quiet, so
 * that what it prints is what went wrong, and offline, as the dependencies are there after a first build.
 */
final class ProjectBuild {
    static final List<String> MAVEN_ARGS = List.of("-B", "-q", "-o", "package", "-DskipTests");
    /**
     * Maven's JVM when the developer set no MAVEN_OPTS: a build this small is over before C2 compiles anything, and
     * C1 alone with the serial collector halves it (4.6 → 1.9 s for a one-class bundle on 2 cores).
     */
    static final String MAVEN_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    /** How much of a failed build's output is shown. */
    static final int SHOWN_LINES = 30;
    /** Maven's closing advice after an error, the same for every failure. */
    private static final Pattern MAVEN_ADVICE = Pattern.compile("\\[ERROR\\] ?(-> \\[Help 1\\].*|To see the full stack trace.*|Re-run Maven using.*"
            + "|For more information about the errors.*|\\[Help 1\\].*|After correcting the problems.*|  mvn <args> -rf .*)?$");

    /** {@code exit}: the build's exit code, -1 when it could not be run. */
    record Result(int exit, String output, long millis) {
        boolean ok() {
            return exit == 0;
        }

        /**
         * The lines that say what went wrong: Maven's errors without its advice, at most {@value #SHOWN_LINES}, with
         * the paths of the project's files relative to it.
         */
        List<String> errorLines(Path project) {
            return trimmed(output.replace(project.toAbsolutePath().normalize() + java.io.File.separator, ""));
        }
    }

    private final Path project;
    private final List<String> command;
    private final boolean maven;

    private ProjectBuild(Path project, List<String> command, boolean maven) {
        this.project = project;
        this.command = List.copyOf(command);
        this.maven = maven;
    }

    /** The build of {@code project}: {@code commandLine} if not null, else Maven as the class comment says. */
    static ProjectBuild of(Path project, String commandLine) {
        if (commandLine != null) {
            if (commandLine.isBlank()) throw new IllegalArgumentException("--build is empty: give the command that builds the bundle");
            return new ProjectBuild(project, List.of("sh", "-c", commandLine), false);
        }
        Path mvnw = project.resolve("mvnw");
        List<String> c = new ArrayList<>();
        c.add(Files.isExecutable(mvnw) ? mvnw.toString() : "mvn");
        c.addAll(MAVEN_ARGS);
        return new ProjectBuild(project, c, true);
    }

    List<String> command() {
        return command;
    }

    /** The command as a person would type it. */
    String describe() {
        if (command.size() == 3 && command.get(0).equals("sh") && command.get(1).equals("-c")) return command.get(2);
        List<String> shown = new ArrayList<>(command);
        if (shown.get(0).equals(project.resolve("mvnw").toString())) shown.set(0, "./mvnw");
        return String.join(" ", shown);
    }

    /**
     * Runs the build and waits for it; its output (standard error merged in) is kept, not shown. An interrupt
     * (cairnctl dev stopping) ends the build and everything it started.
     */
    Result run() throws InterruptedException {
        long t0 = System.nanoTime();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (maven) pb.environment().putIfAbsent("MAVEN_OPTS", MAVEN_OPTS);
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "cannot run " + describe() + ": " + e.getMessage(), 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out), "cairnctl dev build output");
        reader.setDaemon(true);
        reader.start();
        try {
            int exit = p.waitFor();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            return new Result(exit, text, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw e;
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the build ended
        }
    }

    /**
     * What a person needs of a failed build's output: without Maven's closing advice and blank lines; the first
     * lines (the compiler names the first error first), at most {@value #SHOWN_LINES}, and how many were left out.
     */
    static List<String> trimmed(String output) {
        List<String> kept = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String l = ANSI.matcher(line).replaceAll("").stripTrailing();
            if (l.isBlank() || MAVEN_ADVICE.matcher(l).matches()) continue;
            kept.add(l);
            // Maven repeats the compiler's errors after this line: what came before said it already
            if (l.startsWith("[ERROR] Failed to execute goal") && kept.size() > 1) break;
        }
        if (kept.size() <= SHOWN_LINES) return kept;
        List<String> shown = new ArrayList<>(kept.subList(0, SHOWN_LINES));
        shown.add("... " + (kept.size() - SHOWN_LINES) + " more lines");
        return shown;
    }
}
