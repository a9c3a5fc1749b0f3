/**
 * The messages of the shop example, shared by the order and the payment service: deploy this bundle
 * on every node that runs one of them. Records of plain values, so that they travel as JSON unchanged.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.cairn.examples.shop.api;
