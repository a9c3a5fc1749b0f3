package dev.cairn.management.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The management operations of this node, for a caller its front end has already authenticated.
 *
 * <table>
 * <caption>Operations</caption>
 * <tr><th>op</th><th>args</th><th>result</th></tr>
 * <tr><td>{@code node.info}</td><td></td><td>{@code {node, version, labels, startedAt, uptimeMs, heapUsedBytes, heapMaxBytes, java, os, bundles}}</td></tr>
 * <tr><td>{@code bundles.list}</td><td></td><td>{@code [{id, name, version, state, location, file}]}</td></tr>
 * <tr><td>{@code bundles.start|stop|uninstall}</td><td>{@code bundle}: id or symbolic name</td><td>the bundle as listed</td></tr>
 * <tr><td>{@code bundles.install|update}</td><td>{@code file, size, sha256, offset, data} (base64 chunk; no data: ask how much arrived)</td><td>{@code {received}}, and on the last chunk the bundle as listed</td></tr>
 * <tr><td>{@code config.list}</td><td></td><td>{@code [{pid, factoryPid, properties}]}</td></tr>
 * <tr><td>{@code config.get}</td><td>{@code pid}</td><td>{@code {pid, factoryPid, properties}}</td></tr>
 * <tr><td>{@code config.put}</td><td>{@code pid} or {@code factoryPid + name}; {@code properties}; {@code replace} (default false: merge)</td><td>the configuration now in force</td></tr>
 * <tr><td>{@code config.delete}</td><td>{@code pid}</td><td>{@code {pid, deleted}}</td></tr>
 * <tr><td>{@code health}</td><td></td><td>{@code {live, ready, checks}}</td></tr>
 * <tr><td>{@code metrics}</td><td></td><td>{@code [{name, type, labels, value}]}</td></tr>
 * <tr><td>{@code node.upgrade}</td><td>{@code file} (cairn-VERSION.tar.gz), {@code size, sha256, offset, data} as for
 * {@code bundles.install}; {@code health.window.ms} (default 60000, 5000 to 3600000)</td><td>{@code {received}}, and on the last
 * chunk, once the runtime is unpacked and the restart into it on trial is due: {@code {received, version, from, healthWindowMs,
 * restarting: true}}</td></tr>
 * <tr><td>{@code node.upgrade.status}</td><td></td><td>{@code {version, upgradable, restartingInto, trial: {id, version, from,
 * deadline} | null, lastOutcome: {id, version, from, committed, reason, at} | null}}</td></tr>
 * </table>
 * Property values of secrets are replaced by {@link Secrets#MASK} in every result.
 */
@ProviderType
public interface Operations {
    /** @return JSON-ready data: maps, lists, strings, numbers, booleans, null */
    Object call(String op, Map<String, ?> args) throws OperationException;
}
