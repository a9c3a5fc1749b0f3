package dev.cairn.management;

import dev.cairn.management.api.ErrorCode;
import dev.cairn.management.api.OperationException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One configuration's MetaType: turns incoming values (JSON numbers, strings, lists) into the declared
 * types and checks them — type, range, options, required keys — naming the key and the rule broken
 * ({@code interval.ms must be ≥ 10, not 5}).
 */
final class Schema {
    private final ObjectClassDefinition ocd;
    private final Map<String, AttributeDefinition> byId = new HashMap<>();
    private final Bundle owner;
    private Map<String, String[]> bounds;   // read only when an error message needs them

    Schema(ObjectClassDefinition ocd, Bundle owner) {
        this.ocd = ocd;
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (all != null) for (AttributeDefinition ad : all) byId.put(ad.getID(), ad);
        this.owner = owner;
    }

    boolean isPassword(String key) {
        AttributeDefinition ad = byId.get(key);
        return ad != null && ad.getType() == AttributeDefinition.PASSWORD;
    }

    /** The properties as they will be stored: typed where the MetaType says how; refused where they break it. */
    Map<String, Object> check(Map<String, Object> properties) throws OperationException {
        Map<String, Object> typed = new HashMap<>(properties);
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            AttributeDefinition ad = byId.get(e.getKey());
            if (ad != null) typed.put(e.getKey(), convert(ad, e.getValue()));
        }
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        if (required != null) {
            for (AttributeDefinition ad : required) {
                if (!typed.containsKey(ad.getID()) && (ad.getDefaultValue() == null || ad.getDefaultValue().length == 0))
                    throw invalid(ad.getID(), ad.getID() + " is required");
            }
        }
        return typed;
    }

    private Object convert(AttributeDefinition ad, Object value) throws OperationException {
        List<Object> items = new ArrayList<>();
        if (value instanceof Collection<?> c) items.addAll(c);
        else if (value != null && value.getClass().isArray()) for (int i = 0; i < Array.getLength(value); i++) items.add(Array.get(value, i));
        else items.add(value);
        if (ad.getCardinality() == 0 && items.size() != 1) throw invalid(ad.getID(), ad.getID() + " takes one value, not a list");
        if (ad.getCardinality() != 0 && items.size() > Math.abs(ad.getCardinality()) && Math.abs(ad.getCardinality()) != Integer.MAX_VALUE)
            throw invalid(ad.getID(), ad.getID() + " takes at most " + Math.abs(ad.getCardinality()) + " values");
        List<Object> converted = new ArrayList<>();
        for (Object item : items) converted.add(scalar(ad, item));
        if (ad.getCardinality() == 0) return converted.get(0);
        if (ad.getCardinality() < 0) return converted;
        Object array = Array.newInstance(javaType(ad.getType()), converted.size());
        for (int i = 0; i < converted.size(); i++) Array.set(array, i, converted.get(i));
        return array;
    }

    private Object scalar(AttributeDefinition ad, Object item) throws OperationException {
        if (item == null) throw invalid(ad.getID(), ad.getID() + " has no value");
        String text = item instanceof Double d && d == Math.rint(d) && isWhole(ad.getType()) ? Long.toString(d.longValue()) : String.valueOf(item);
        if (item instanceof Map || item instanceof Collection) throw invalid(ad.getID(), ad.getID() + " must be a " + typeName(ad.getType()));
        Object value;
        try {
            value = parse(ad.getType(), text.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(ad.getID(), ad.getID() + " must be a " + typeName(ad.getType()) + ", not '" + text + "'");
        }
        String verdict = ad.validate(ad.getType() == AttributeDefinition.STRING || ad.getType() == AttributeDefinition.PASSWORD ? text : String.valueOf(value));
        if (verdict != null && !verdict.isEmpty()) throw invalid(ad.getID(), explain(ad, verdict, text));
        return value;
    }

    private String explain(AttributeDefinition ad, String verdict, String text) {
        String key = ad.getID();
        if (bounds == null) bounds = bounds(owner, ocd.getID());
        String[] minMax = bounds.getOrDefault(key, new String[2]);
        if (verdict.contains("less than minimum"))
            return key + " must be " + (isText(ad) ? "at least " + minMax[0] + " characters long" : "≥ " + minMax[0]) + ", not " + text;
        if (verdict.contains("greater than maximum"))
            return key + " must be " + (isText(ad) ? "at most " + minMax[1] + " characters long" : "≤ " + minMax[1]) + ", not " + text;
        if (verdict.contains("not a valid option"))
            return key + " must be one of " + String.join(", ", ad.getOptionValues()) + ", not " + text;
        if (verdict.contains("missing")) return key + " is required";
        return key + " must be a " + typeName(ad.getType()) + ", not '" + text + "'";
    }

    private static boolean isText(AttributeDefinition ad) {
        return ad.getType() == AttributeDefinition.STRING || ad.getType() == AttributeDefinition.PASSWORD;
    }

    private static boolean isWhole(int type) {
        return type == AttributeDefinition.LONG || type == AttributeDefinition.INTEGER || type == AttributeDefinition.SHORT || type == AttributeDefinition.BYTE;
    }

    @SuppressWarnings("deprecation")
    private static Object parse(int type, String text) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long.valueOf(text);
            case AttributeDefinition.INTEGER -> Integer.valueOf(text);
            case AttributeDefinition.SHORT -> Short.valueOf(text);
            case AttributeDefinition.BYTE -> Byte.valueOf(text);
            case AttributeDefinition.DOUBLE -> Double.valueOf(text);
            case AttributeDefinition.FLOAT -> Float.valueOf(text);
            case AttributeDefinition.BOOLEAN -> {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) throw new IllegalArgumentException(text);
                yield Boolean.valueOf(text);
            }
            case AttributeDefinition.CHARACTER -> {
                if (text.length() != 1) throw new IllegalArgumentException(text);
                yield text.charAt(0);
            }
            default -> text;
        };
    }

    @SuppressWarnings("deprecation")
    private static Class<?> javaType(int type) {
        return switch (type) {
            case AttributeDefinition.LONG -> Long.class;
            case AttributeDefinition.INTEGER -> Integer.class;
            case AttributeDefinition.SHORT -> Short.class;
            case AttributeDefinition.BYTE -> Byte.class;
            case AttributeDefinition.DOUBLE -> Double.class;
            case AttributeDefinition.FLOAT -> Float.class;
            case AttributeDefinition.BOOLEAN -> Boolean.class;
            case AttributeDefinition.CHARACTER -> Character.class;
            default -> String.class;
        };
    }

    @SuppressWarnings("deprecation")
    private static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.LONG, AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> "whole number";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "number";
            case AttributeDefinition.BOOLEAN -> "boolean (true or false)";
            case AttributeDefinition.CHARACTER -> "single character";
            default -> "string";
        };
    }

    private static OperationException invalid(String key, String message) {
        return new OperationException(ErrorCode.INVALID_CONFIG, "invalid config: " + message, key);
    }

    /**
     * The min and max of each attribute, which the MetaType API does not expose: read from the bundle's
     * metatype XML, for error messages only (the check itself is the MetaType service's).
     */
    private static Map<String, String[]> bounds(Bundle owner, String ocdId) {
        Map<String, String[]> bounds = new HashMap<>();
        if (owner == null) return bounds;
        Enumeration<URL> files = owner.findEntries("OSGI-INF/metatype", "*.xml", false);
        if (files == null) return bounds;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    NodeList ocds = factory.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "OCD");
                    for (int i = 0; i < ocds.getLength(); i++) {
                        Element o = (Element) ocds.item(i);
                        if (!ocdId.equals(o.getAttribute("id"))) continue;
                        NodeList ads = o.getElementsByTagNameNS("*", "AD");
                        for (int j = 0; j < ads.getLength(); j++) {
                            Element ad = (Element) ads.item(j);
                            bounds.put(ad.getAttribute("id"), new String[] {ad.getAttribute("min"), ad.getAttribute("max")});
                        }
                    }
                }
            }
        } catch (IOException | SAXException | ParserConfigurationException e) {
            // messages then lack the bound; the check is unaffected
        }
        return bounds;
    }
}
