package dev.cairn.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadsTest {
    @TempDir
    Path dir;

    private final byte[] bytes = "0123456789abcdefghij".getBytes();

    @Test
    void anUploadCutShortResumesWhereItStopped() throws Exception {
        Uploads uploads = new Uploads(dir, 1000);
        Uploads.Upload u = uploads.announced(new Args(Map.of("file", "a.jar", "size", bytes.length, "sha256", sha(bytes))));
        assertThat(uploads.append(u, 0, Arrays.copyOfRange(bytes, 0, 8))).isEqualTo(8);
        // a new agent (after a restart) sees the same part
        Uploads again = new Uploads(dir, 1000);
        assertThat(again.received(u)).isEqualTo(8);
        assertThatThrownBy(() -> again.append(u, 0, bytes))
                .isInstanceOfSatisfying(OperationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_UPLOAD))
                .hasMessageContaining("send from 8");
        again.append(u, 8, Arrays.copyOfRange(bytes, 8, bytes.length));
        assertThat(Files.readAllBytes(again.complete(u))).isEqualTo(bytes);
    }

    @Test
    void bytesThatDoNotMatchTheirHashAreThrownAway() throws Exception {
        Uploads uploads = new Uploads(dir, 1000);
        Uploads.Upload u = uploads.announced(new Args(Map.of("file", "a.jar", "size", bytes.length, "sha256", sha("other".getBytes()))));
        uploads.append(u, 0, bytes);
        assertThatThrownBy(() -> uploads.complete(u)).hasMessageContaining("not the announced");
        assertThat(uploads.received(u)).isZero();
    }

    @Test
    void namesSizesAndHashesAreChecked() throws Exception {
        Uploads uploads = new Uploads(dir, 10);
        for (Map<String, Object> bad : new Map[] {
                Map.of("file", "../etc/passwd.jar", "size", 5, "sha256", sha(bytes)),
                Map.of("file", "a.zip", "size", 5, "sha256", sha(bytes)),
                Map.of("file", "a.jar", "size", 11, "sha256", sha(bytes)),
                Map.of("file", "a.jar", "size", 5, "sha256", "abc")}) {
            assertThatThrownBy(() -> uploads.announced(new Args(bad))).isInstanceOf(OperationException.class);
        }
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
