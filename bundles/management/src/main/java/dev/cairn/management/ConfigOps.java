package dev.cairn.management;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import dev.cairn.management.api.Secrets;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Configurations through ConfigAdmin, checked against their MetaType first: a configuration that breaks
 * it is refused as a whole and the one in force stays. Secrets never leave the node: their values are
 * masked in every result, and a masked value sent back means "keep the secret as it is".
 */
final class ConfigOps {
    private static final String FACTORY_PID = "service.factoryPid";

    private final BundleContext context;
    private final ConfigurationAdmin admin;
    private final Supplier<MetaTypeService> metaType;

    ConfigOps(BundleContext context, ConfigurationAdmin admin, Supplier<MetaTypeService> metaType) {
        this.context = context;
        this.admin = admin;
        this.metaType = metaType;
    }

    List<Map<String, Object>> list() throws OperationException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Configuration c : configurations(null)) rows.add(view(c));
        rows.sort((a, b) -> String.valueOf(a.get("pid")).compareTo(String.valueOf(b.get("pid"))));
        return rows;
    }

    Map<String, Object> get(Args args) throws OperationException {
        return view(existing(args.string("pid")));
    }

    Map<String, Object> put(Args args) throws OperationException {
        Map<String, Object> incoming = args.object("properties");
        String pid = args.optionalString("pid");
        String factoryPid = args.optionalString("factoryPid");
        if ((pid == null) == (factoryPid == null)) throw new OperationException(ErrorCode.BAD_REQUEST, "give either pid or factoryPid and name", "pid");
        String name = factoryPid == null ? null : args.string("name");
        try {
            Configuration c = pid != null ? admin.getConfiguration(pid, "?") : admin.getFactoryConfiguration(factoryPid, name, "?");
            Optional<Schema> schema = schema(c.getFactoryPid() != null ? c.getFactoryPid() : c.getPid());
            Map<String, Object> merged = new HashMap<>();
            Dictionary<String, Object> current = c.getProperties();
            if (!args.flag("replace") && current != null) merged.putAll(asMap(current));
            for (Map.Entry<String, Object> e : incoming.entrySet()) {
                String key = e.getKey();
                if (isBookkeeping(key)) continue;
                boolean secret = isSecret(key, schema);
                if (secret && Secrets.MASK.equals(e.getValue()) && current != null && current.get(key) != null) {
                    merged.put(key, current.get(key));   // the mask sent back: keep the secret
                } else if (e.getValue() == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, e.getValue());
                }
            }
            merged.keySet().removeIf(ConfigOps::isBookkeeping);
            Map<String, Object> typed = schema.isPresent() ? schema.get().check(merged) : merged;
            Hashtable<String, Object> next = new Hashtable<>(typed);
            if (current != null && current.get(ConfigFileWriter.MARKER) != null) next.put(ConfigFileWriter.MARKER, current.get(ConfigFileWriter.MARKER));
            c.updateIfDifferent(next);
            ConfigFileWriter.rewrite(next);
            return view(c);
        } catch (IOException e) {
            throw new OperationException(ErrorCode.FAILED, "cannot store the configuration: " + e.getMessage());
        }
    }

    Map<String, Object> delete(Args args) throws OperationException {
        Configuration c = existing(args.string("pid"));
        String pid = c.getPid();
        Path file;
        try {
            Dictionary<String, Object> properties = c.getProperties();
            c.delete();
            file = ConfigFileWriter.remove(properties);   // else FileInstall would bring it back at the next start
        } catch (IOException | IllegalStateException e) {
            throw new OperationException(ErrorCode.FAILED, "cannot delete " + pid + ": " + e.getMessage());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("pid", pid);
        reply.put("deleted", true);
        if (file != null) reply.put("file", file.toString());
        return reply;
    }

    private Configuration existing(String pid) throws OperationException {
        List<Configuration> found = configurations("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
        if (found.isEmpty()) throw new OperationException(ErrorCode.NOT_FOUND, "no configuration " + pid, "pid");
        return found.get(0);
    }

    private List<Configuration> configurations(String filter) throws OperationException {
        try {
            Configuration[] all = admin.listConfigurations(filter);
            return all == null ? List.of() : List.of(all);
        } catch (IOException | InvalidSyntaxException e) {
            throw new OperationException(ErrorCode.BAD_REQUEST, "cannot list configurations: " + e.getMessage(), "pid");
        }
    }

    private Map<String, Object> view(Configuration c) {
        Optional<Schema> schema = schema(c.getFactoryPid() != null ? c.getFactoryPid() : c.getPid());
        Map<String, Object> properties = new TreeMap<>();
        Dictionary<String, Object> p = c.getProperties();
        if (p != null) {
            for (Map.Entry<String, Object> e : asMap(p).entrySet()) {
                if (isBookkeeping(e.getKey())) continue;
                properties.put(e.getKey(), isSecret(e.getKey(), schema) ? Secrets.MASK : jsonReady(e.getValue()));
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pid", c.getPid());
        row.put("factoryPid", c.getFactoryPid());
        row.put("checked", schema.isPresent());
        row.put("properties", properties);
        return row;
    }

    /** Whether a key's value is a secret; also used to mask configurations in logs. */
    static boolean isSecret(String key, Optional<Schema> schema) {
        return Secrets.isSecretKey(key) || schema.map(s -> s.isPassword(key)).orElse(false);
    }

    private static boolean isBookkeeping(String key) {
        return key.equals(Constants.SERVICE_PID) || key.equals(FACTORY_PID) || key.equals("service.bundleLocation")
                || key.equals(ConfigFileWriter.MARKER);
    }

    private Optional<Schema> schema(String pid) {
        MetaTypeService service = metaType.get();
        if (service == null) return Optional.empty();
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = service.getMetaTypeInformation(b);
            if (info == null) continue;
            if (contains(info.getPids(), pid) || contains(info.getFactoryPids(), pid)) {
                try {
                    ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                    if (ocd != null) return Optional.of(new Schema(ocd, b));
                } catch (IllegalArgumentException e) {
                    // a pid without a definition for this locale: unchecked
                }
            }
        }
        return Optional.empty();
    }

    private static boolean contains(String[] values, String value) {
        if (values == null) return false;
        for (String v : values) if (v.equals(value)) return true;
        return false;
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> d) {
        Map<String, Object> m = new HashMap<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            m.put(k, d.get(k));
        }
        return m;
    }

    private static Object jsonReady(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) list.add(Array.get(value, i));
            return list;
        }
        if (value instanceof Character ch) return ch.toString();
        return value;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
