package dev.cairn.deploy;

import java.io.File;

/**
 * FileInstall drops an artifact whose kind changed under the same name (a library JAR replaced by a
 * bundle, or a bundle by a corrupt file) and never looks at that file again: its scanner compares only
 * name, size and time stamp, which it has already seen. Moving the time stamp on makes the next scan
 * take the file as new, so it reaches whichever installer can handle it now.
 */
final class Rescan {
    private Rescan() {
    }

    static void ifStillThere(File file) {
        long stamp = file.lastModified();
        if (stamp > 0) file.setLastModified(Math.max(System.currentTimeMillis(), stamp + 1000));
    }
}
