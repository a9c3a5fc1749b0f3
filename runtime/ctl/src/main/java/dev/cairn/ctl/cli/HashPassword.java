package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.management.api.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hash-password", description = {"Make a hash of the dashboard's password, to keep in a node's conf/dev.cairn.web.cfg",
        "as .admin.password instead of the password itself (PBKDF2-HMAC-SHA256, salted). Asks twice on a terminal;",
        "otherwise reads one line from standard input. Prints the line, or with --to puts it into the file. Needs no broker."})
final class HashPassword extends Base {
    static final int MIN_LENGTH = 8;   // as the dashboard asks of a password kept as text
    static final String KEY = ".admin.password";

    @Option(names = "--to", paramLabel = "FILE", description = "put the line into this .cfg file (made 0600), replacing its "
            + KEY + " line and keeping the others")
    Path to;

    @Override
    public Integer call() throws CtlException {
        char[] password = read();
        try {
            if (password.length < MIN_LENGTH) {
                throw new CtlException(CtlException.Kind.USAGE, "the password must have " + MIN_LENGTH + " characters or more, not " + password.length);
            }
            String line = KEY + " = " + PasswordHash.of(password);
            if (to != null) {
                write(to, line);
                print(Map.of("file", to.toString()), () -> root().out.println("wrote " + KEY + " into " + to));
            } else {
                print(Map.of("line", line), () -> {
                    root().out.println(line);
                    root().err.println("put that line in the node's conf/dev.cairn.web.cfg (it replaces a password kept as text)");
                });
            }
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** {@code file} with {@code line} instead of its {@value #KEY} line, written as a {@link SecretFiles secret file}. */
    static void write(Path file, String line) throws CtlException {
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!isKeyLine(l)) lines.add(l);
            }
            lines.add(line);
            SecretFiles.write(file.toAbsolutePath(), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isKeyLine(String line) {
        String l = line.strip();
        if (!l.startsWith(KEY)) return false;
        String rest = l.substring(KEY.length()).stripLeading();
        return rest.isEmpty() || rest.charAt(0) == '=' || rest.charAt(0) == ':';
    }

    private char[] read() throws CtlException {
        Console console = root().terminal ? System.console() : null;
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || again == null) throw new CtlException(CtlException.Kind.USAGE, "no password given");
            boolean same = Arrays.equals(first, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new CtlException(CtlException.Kind.USAGE, "the two passwords differ");
            }
            return first;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(root().in, StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new CtlException(CtlException.Kind.USAGE, "no password on standard input");
            return line.toCharArray();
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.FAILED, "cannot read the password: " + e.getMessage(), e);
        }
    }
}
