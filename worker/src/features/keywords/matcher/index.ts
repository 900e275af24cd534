export type { KeywordRuleInput, Matcher, MatchResult, MatchType, RuleError } from "./matcher";
export { buildMatcher, MAX_TEXT_LENGTH, MatcherBuildError } from "./matcher";
export { compileRegex, MAX_REGEX_LENGTH } from "./regex";
