package dev.cairn.ctl;

import java.util.Map;

/**
 * The outcome of a deploy to one node.
 *
 * @param action {@code installed}, {@code updated}, or {@code unchanged} (the node had this file with this SHA-256)
 * @param bundle the bundle as {@code bundles.list} shows it: {@code {id, name, version, state, location, file, sha256}}
 * @param resumedFrom bytes the node already had when the upload started (a resumed upload), else 0
 */
public record Deployed(String node, String file, String action, Map<String, Object> bundle, long resumedFrom) {}
