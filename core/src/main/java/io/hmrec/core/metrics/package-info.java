/** Ranking metrics as Kaggle's H&M competition computed them (MAP@12 and friends), pure functions on id lists. */
package io.hmrec.core.metrics;
