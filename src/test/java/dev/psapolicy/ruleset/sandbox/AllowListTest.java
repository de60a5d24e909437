package dev.psapolicy.ruleset.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The decisions of the allow-list that no attack test reaches on its own. */
class AllowListTest {
  @Test
  void collectionsYesTheirParallelAndOutsideReachingPartsNo() {
    assertTrue(AllowList.memberAllowed("java/util/ArrayList", "stream"));
    assertFalse(AllowList.memberAllowed("java/util/ArrayList", "parallelStream"));
    assertFalse(AllowList.memberAllowed("java/util/stream/Stream", "parallel"));
    assertFalse(AllowList.memberAllowed("java/util/Arrays", "parallelSort"));
    assertFalse(AllowList.typeAllowed("java/util/Timer"));
    assertFalse(AllowList.typeAllowed("java/util/concurrent/Executors"));
    assertFalse(AllowList.typeAllowed("java/util/logging/Logger"));
    assertFalse(AllowList.typeAllowed("java/util/stream/StreamSupport"));
    assertFalse(AllowList.memberAllowed("java/util/Locale", "setDefault"));
  }

  @Test
  void boxedYesTheirSystemPropertyReadersNo() {
    assertTrue(AllowList.memberAllowed("java/lang/Integer", "parseInt"));
    assertFalse(AllowList.memberAllowed("java/lang/Integer", "getInteger"));
    assertFalse(AllowList.memberAllowed("java/lang/Boolean", "getBoolean"));
    assertTrue(AllowList.memberAllowed("java/lang/System", "arraycopy"));
    assertFalse(AllowList.memberAllowed("java/lang/System", "exit"));
    assertFalse(AllowList.memberAllowed("java/lang/Thread", "sleep"));
  }

  @Test
  void droolsPlumbingYesItsRuntimeNo() {
    assertTrue(AllowList.typeAllowed("org/drools/core/base/accumulators/CountAccumulateFunction"));
    assertTrue(
        AllowList.typeAllowed(
            "org/drools/core/base/accumulators/CountAccumulateFunction$CountData"));
    assertFalse(
        AllowList.typeAllowed("org/drools/core/base/accumulators/JavaAccumulatorFunctionExecutor"));
    assertFalse(AllowList.typeAllowed("org/drools/model/functions/ScriptBlock"));
    assertFalse(AllowList.typeAllowed("org/drools/model/DroolsEntryPoint"));
    assertTrue(
        AllowList.memberAllowed(
            "org/drools/modelcompiler/consequence/DroolsImpl", "asKnowledgeHelper"));
    assertFalse(AllowList.memberAllowed("org/drools/model/Drools", "halt"));
    assertFalse(AllowList.memberAllowed("org/kie/api/runtime/KieSession", "halt"));
    assertFalse(AllowList.bootstrapAllowed("java/lang/invoke/CallSite", "bootstrap"));
    assertTrue(AllowList.bootstrapAllowed("java/lang/invoke/LambdaMetafactory", "metafactory"));
  }
}
