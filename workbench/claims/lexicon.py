"""The word lists the claims and corpus modules share: calendar names, number words and
the verbs that report speech.

They used to be repeated, a little differently, in each module that needed them; kept here
once, every reader agrees on what counts as a month, a number word or a speech verb.
Everything is lower case; patterns that need capitals title-case these.
"""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# Abbreviations as news writes them ("Sept." as well as "Sep."); "may" needs none.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Month names and abbreviations, lower case, with their numbers.
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
MONTH_NUMBERS.update(MONTH_ABBREVIATIONS)

# Number words: ONES[n] is n (zero to nineteen), TENS[i] is 20 + 10 * i.
ONES = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# One to nineteen, then the tens, each with its value.
NUMBER_WORDS = {word: value for value, word in enumerate(ONES) if value}
NUMBER_WORDS.update({word: 20 + 10 * i for i, word in enumerate(TENS)})

# Verbs that report what someone said, as a speaker is found after a quotation.
SPEECH_VERBS = (
    "said", "says", "told", "tells", "wrote", "writes", "tweeted", "added", "stated", "asked",
    "explained", "warned", "claimed", "insisted", "declared", "posted", "announced",
    "shouted", "replied",
)  # fmt: skip


def title_alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words`` capitalised: "January|February|..."."""
    return "|".join(word.title() for word in words)
