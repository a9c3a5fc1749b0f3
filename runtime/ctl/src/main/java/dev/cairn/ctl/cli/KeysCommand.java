package dev.cairn.ctl.cli;

import dev.cairn.ctl.CtlException;
import dev.cairn.management.protocol.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keys", description = "The key pair that signs cairnctl's requests.", subcommands = KeysCommand.Init.class)
final class KeysCommand {
    static final String PRIVATE = "cairnctl.key";
    static final String PUBLIC = "cairnctl.pub";

    @Command(name = "init", description = {"Create an Ed25519 key pair: ~/.cairn/cairnctl.key (private, mode 0600) and cairnctl.pub",
            "(env CAIRN_CTL_HOME instead of ~/.cairn). A node trusts it once cairnctl.pub is in its conf/trusted-keys/."})
    static final class Init extends Base {
        @Option(names = "--force", description = "replace an existing key pair (nodes trusting the old key will refuse the new one)")
        boolean force;

        @Override
        public Integer call() throws CtlException {
            Path dir = root().home();
            Path[] files = write(dir, force);
            String id = Keys.id(readPublic(files[1]));
            print(Map.of("key", id, "private", files[0].toString(), "public", files[1].toString()), () -> {
                root().out.println("key " + id);
                root().out.println("  private: " + files[0] + " (keep it secret)");
                root().out.println("  public:  " + files[1]);
                root().out.println("To let a node accept requests signed with it, copy the public key into the node's conf/trusted-keys/:");
                root().out.println("  scp " + files[1] + " NODE:/opt/cairn/conf/trusted-keys/" + id + ".pub");
            });
            return 0;
        }

        private static java.security.PublicKey readPublic(Path p) throws CtlException {
            try {
                return Keys.readPublic(p);
            } catch (IOException e) {
                throw new CtlException(CtlException.Kind.FAILED, e.getMessage(), e);
            }
        }
    }

    /** Writes a new pair into {@code dir} (made 0700); the private key is 0600 from its first byte. */
    static Path[] write(Path dir, boolean force) throws CtlException {
        Path priv = dir.resolve(PRIVATE), pub = dir.resolve(PUBLIC);
        if (!force && (Files.exists(priv) || Files.exists(pub)))
            throw new CtlException(CtlException.Kind.FAILED, priv + " exists already; --force replaces it "
                    + "(nodes that trust the old key will then refuse cairnctl until they trust the new one)");
        boolean posix = SecretFiles.posix();
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                else Files.createDirectories(dir);
            }
            if (posix) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            KeyPair pair = Keys.generate();
            SecretFiles.write(priv, Keys.privatePem(pair.getPrivate()));
            Files.writeString(pub, Keys.publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
            if (posix) Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
            return new Path[] {priv, pub};
        } catch (IOException e) {
            throw new CtlException(CtlException.Kind.FAILED, "cannot write the key pair into " + dir + ": " + e.getMessage(), e);
        }
    }
}
