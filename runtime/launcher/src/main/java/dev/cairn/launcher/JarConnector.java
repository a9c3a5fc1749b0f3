package dev.cairn.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.connect.ConnectContent;
import org.osgi.framework.connect.ConnectModule;
import org.osgi.framework.connect.ModuleConnector;

/** SPIKE: OSGi Connect: locations "connect:file:/...jar" whose JAR is on the class path become connected bundles. */
final class JarConnector implements ModuleConnector {
    static final String PREFIX = "connect:";
    private final ClassPathPlatform platform;

    JarConnector(ClassPathPlatform platform) {
        this.platform = platform;
    }

    @Override
    public void initialize(File storage, Map<String, String> configuration) {
    }

    @Override
    public Optional<ConnectModule> connect(String location) {
        if (!location.startsWith(PREFIX)) return Optional.empty();
        Path jar = Path.of(URI.create(location.substring(PREFIX.length())));
        // serves() was asked when the location was made
        return Optional.of(() -> new Content(jar));
    }

    @Override
    public Optional<BundleActivator> newBundleActivator() {
        return Optional.empty();
    }

    private static final class Content implements ConnectContent {
        private final Path jar;
        private JarFile file;
        private Map<String, String> headers;
        private List<String> names;

        Content(Path jar) {
            this.jar = jar;
        }

        @Override
        public Optional<Map<String, String>> getHeaders() {
            try {
                if (headers != null) return Optional.of(headers);
                Map<String, String> h = new HashMap<>();
                file.getManifest().getMainAttributes().forEach((k, v) -> h.put(k.toString(), v.toString()));
                headers = h;
                return Optional.of(h);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Iterable<String> getEntries() {
            if (names == null) {
                List<String> n = new ArrayList<>();
                file.stream().forEach(e -> n.add(e.getName()));
                names = n;
            }
            return names;
        }

        @Override
        public Optional<ConnectEntry> getEntry(String path) {
            ZipEntry e = file.getEntry(path);
            if (e == null) return Optional.empty();
            return Optional.of(new ConnectEntry() {
                @Override
                public String getName() {
                    return e.getName();
                }

                @Override
                public long getContentLength() {
                    return e.getSize();
                }

                @Override
                public long getLastModified() {
                    return e.getTime();
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    return file.getInputStream(e);
                }
            });
        }

        @Override
        public Optional<ClassLoader> getClassLoader() {
            return Optional.of(ClassLoader.getSystemClassLoader());
        }

        @Override
        public void open() throws IOException {
            if (file == null) file = new JarFile(jar.toFile());
        }

        @Override
        public void close() throws IOException {
            if (file != null) file.close();
            file = null;
        }
    }
}
