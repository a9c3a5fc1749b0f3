package dev.cairn.examples.hello;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Cairn hello example", description = "Whom the hello component greets.")
@interface HelloConfig {
    @AttributeDefinition(name = "Name", description = "Who is greeted; not blank.")
    String greeting_name() default "world";   // property key: greeting.name
}
