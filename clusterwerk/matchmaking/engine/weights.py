"""The weights of the score's parts (each part lies between 0 and 1; see the package
docstring)."""

TEXT_WEIGHT = 0.55
TOPIC_WEIGHT = 0.20
KIND_WEIGHT = 0.12
PARTNER_WEIGHT = 0.03
DISTANCE_WEIGHT = 0.05
CROSS_CLUSTER_WEIGHT = 0.05
# An actor that belongs to the need's cluster and another counts half as cross-cluster.
MEMBER_OF_BOTH_CLUSTERS = 0.5
SCORE_EPSILON = 1e-9

# Chosen by 5-fold cross-validation over the old and the fresh evaluation set (126 needs,
# `bench/matchmaking_quality.py --cv 5`, grid of 288 settings; figures in docs/benchmarks.md):
# DAMPED_WEIGHT, MODIFIER_WEIGHT, MMR_LAMBDA, THESAURUS_WEIGHT.
#
# A need word that says little about the need (`needs.DAMPED_WORDS`) counts this share of its
# BM25 weight.
DAMPED_WEIGHT = 0.1
# A modifier of the need ("dünner Bleche", `core.text.is_bound_modifier`) counts this share.
MODIFIER_WEIGHT = 0.6
# Complementary matching of an offer (`complementary`; set by rule, not tuned: the
# evaluation sets hold no offers). An actor with a request that meets the offer gains up to
# REQUEST_WEIGHT (times the request's share), an actor of a downstream stage DOWNSTREAM_WEIGHT;
# a competitor's score is multiplied by COMPETITOR_FACTOR.
REQUEST_WEIGHT = 0.6
DOWNSTREAM_WEIGHT = 0.15
COMPETITOR_FACTOR = 0.3
# Maximal marginal relevance (`diversity`): 1 is the plain order by score.
MMR_LAMBDA = 0.9
# A competence the thesaurus adds for a problem of the need counts this share of its weight.
THESAURUS_WEIGHT = 0.5
