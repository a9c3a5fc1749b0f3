import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads JNA's and Pi4J's native libraries for this JVM's architecture from the distribution's own jars
 * and calls into each once. Run by bench/arm/boot.sh on the emulated JVM:
 * {@code java -cp jna.jar:pi4j-core.jar:hardware-pi4j.jar:slf4j-api.jar:slf4j-jdk14.jar:. NativeCheck aarch64}.
 * Prints one line per check, {@code ok NAME: detail} or {@code FAIL NAME: detail}; exits 1 if any failed.
 */
public final class NativeCheck {
    private static int failed;

    public static void main(String[] args) throws Exception {
        String expected = args[0];
        String arch = System.getProperty("os.arch");
        check(arch.equals(expected), "os.arch", arch + (arch.equals(expected) ? "" : ", expected " + expected));
        jna();
        String dir = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "armhf";   // Pi4J's own mapping
        pi4jLinuxfs(dir);
        pi4jGpiod(dir);
        System.exit(failed == 0 ? 0 : 1);
    }

    /** JNA's libjnidispatch for this platform, unpacked from jna.jar, then a libc call through it. */
    private static void jna() {
        try {
            int viaJna = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("getpid").invokeInt(new Object[0]);
            long pid = ProcessHandle.current().pid();
            Field path = Class.forName("com.sun.jna.Native").getDeclaredField("jnidispatchPath");
            path.setAccessible(true);
            String lib = String.valueOf(path.get(null));
            String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/libjnidispatch.so";
            check(viaJna == pid, "jna", "libjnidispatch from jna.jar's " + resource.substring(1) + " (" + elf(resource)
                    + "), loaded as " + lib + "; getpid() through JNA = " + viaJna + (viaJna == pid ? "" : ", but the JVM's pid is " + pid));
            check(Platform.RESOURCE_PREFIX.equals(System.getProperty("os.arch").equals("arm") ? "linux-arm" : "linux-aarch64"),
                    "jna resource", Platform.RESOURCE_PREFIX);
        } catch (Throwable e) {
            check(false, "jna", e.toString());
        }
    }

    /** Pi4J's linuxfs library through Pi4J's own loader (LinuxFile's static initialiser), then strerror(2) in it. */
    private static void pi4jLinuxfs(String dir) {
        try {
            Class<?> file = Class.forName("com.pi4j.library.linuxfs.LinuxFile");
            Method strerror = file.getDeclaredMethod("strerror", int.class);
            strerror.setAccessible(true);
            check(true, "pi4j linuxfs", "lib/" + dir + "/pi4j-linuxfs/libpi4j-linuxfs.so (" + elf("/lib/" + dir
                    + "/pi4j-linuxfs/libpi4j-linuxfs.so") + ") loaded by Pi4J's NativeLibraryLoader; strerror(2) = \""
                    + strerror.invoke(null, 2) + "\"");
        } catch (Throwable e) {
            check(false, "pi4j linuxfs", cause(e));
        }
    }

    /**
     * Pi4J's gpiod libraries. Pi4J's loader unpacks them but loads them only on a Raspberry Pi (it asks
     * BoardInfoHelper first), so off a Pi this loads the same two files from the same place in the jar,
     * in Pi4J's order, and then calls into them through Pi4J's GpioD class.
     */
    private static void pi4jGpiod(String dir) {
        try {
            Class<?> gpiod = Class.forName("com.pi4j.library.gpiod.internal.GpioD");   // runs Pi4J's loader
            Method version = gpiod.getDeclaredMethod("getVersion");
            version.setAccessible(true);
            String how = "loaded by Pi4J's NativeLibraryLoader";
            try {
                version.invoke(null);
            } catch (InvocationTargetException notLoaded) {
                if (!(notLoaded.getCause() instanceof UnsatisfiedLinkError)) {
                    throw notLoaded;
                }
                Path tmp = Files.createTempDirectory("pi4j-gpiod");
                for (String name : new String[] {"libgpiod.so", "libpi4j-gpiod.so"}) {
                    System.load(unpack("/lib/" + dir + "/pi4j-gpiod/" + name, tmp.resolve(name)).toString());
                }
                how = "Pi4J's loader unpacks but skips them off a Pi (board model unknown); loaded here from lib/" + dir
                        + "/pi4j-gpiod/ (" + elf("/lib/" + dir + "/pi4j-gpiod/libpi4j-gpiod.so") + ")";
            }
            check(true, "pi4j gpiod", how + "; libgpiod version " + version.invoke(null));
        } catch (Throwable e) {
            check(false, "pi4j gpiod", cause(e));
        }
    }

    private static Path unpack(String resource, Path to) throws IOException {
        try (InputStream in = NativeCheck.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    /** The ELF header's class and machine fields of a resource in the jars: what the library was built for. */
    private static String elf(String resource) {
        try (InputStream in = NativeCheck.class.getResourceAsStream(resource)) {
            byte[] h = in == null ? new byte[0] : in.readNBytes(20);
            if (h.length < 20) {
                return "no ELF header in " + resource;
            }
            int machine = (h[18] & 0xff) | (h[19] & 0xff) << 8;
            return (h[4] == 2 ? "ELF64 " : "ELF32 ") + switch (machine) {
                case 0xb7 -> "AArch64";
                case 0x28 -> "ARM";
                case 0x3e -> "x86-64";
                default -> "machine " + machine;
            };
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String cause(Throwable e) {
        while ((e instanceof InvocationTargetException || e instanceof ExceptionInInitializerError) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.toString();
    }

    private static void check(boolean ok, String name, String detail) {
        if (!ok) {
            failed++;
        }
        System.out.println((ok ? "ok " : "FAIL ") + name + ": " + detail);
    }
}
