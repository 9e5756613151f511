package io.timeslice.cache.archfixture;

import org.springframework.stereotype.Component;

/** Breaks the rule on purpose: only api-server knows Spring. */
@Component
public final class CacheUsingSpring {}
