package dev.cairn.launcher;

/**
 * Every node setting, declared once. Each has a key in {@code conf/cairn.properties}, an environment
 * variable ({@code CAIRN_} + the key upper-cased, dots as underscores) and a flag ({@code --} + the key,
 * dots as dashes); later sources win: file, then environment, then flags.
 */
enum Setting {
    NODE_ID("node.id", null, "Node id; the default is the host name."),
    NODE_LABELS("node.labels", "", "Labels for placement and selection: key=value pairs separated by commas."),
    DATA_DIR("data.dir", "data", "Framework state, configurations and logs."),
    DEPLOY_DIR("deploy.dir", "deploy", "Watched folder: bundles and configurations dropped here are deployed."),
    SYSTEM_DIR("system.dir", "system", "System bundles, one sub-folder per start level (system/1, system/2, ...)."),
    LOG_LEVEL("log.level", "INFO", "ERROR, WARN, INFO or DEBUG."),
    LOG_FILE_SIZE_MB("log.file.size.mb", "5", "Size at which data/log/cairn.0.log is rotated."),
    LOG_FILE_COUNT("log.file.count", "4", "Rotated log files kept."),
    DEPLOY_POLL_MS("deploy.poll.ms", "25", "How often deploy/ is scanned; a file is taken once two scans agree."),
    STOP_TIMEOUT_MS("stop.timeout.ms", "10000", "How long bundles may take to stop before the JVM exits anyway.");

    final String key;
    final String defaultValue;
    final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    String envName() {
        return envName(key);
    }

    String flag() {
        return "--" + key.replace('.', '-');
    }

    static String envName(String key) {
        return "CAIRN_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }
}
