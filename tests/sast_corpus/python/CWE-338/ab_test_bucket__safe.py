"""Assigns visitors to an A/B test variant; predictability does no harm here."""

import random

VARIANTS = ["control", "new-checkout"]


def assign_variant(weights: tuple[float, float] = (0.5, 0.5)) -> str:
    return random.choices(VARIANTS, weights=weights, k=1)[0]
