package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The greeter's configuration, declared once: the node's ConfigAdmin and MetaType read it from here. */
@ObjectClassDefinition(name = "${artifactId} greeter", description = "How the greeter greets.")
@interface GreeterConfig {
    @AttributeDefinition(name = "Salutation", description = "The word before the name; not blank.")
    String salutation() default "Hello";   // property key: salutation
}
