"""What minutes say in sentences, whatever their layout: apologies and
substitutions, the chair, declarations of interest, reports and the officers
who presented them, motions, votes, resolutions and decisions, actions, the
confirmation of earlier minutes and the next meeting.

Readers of a source format find the items; :func:`read_item` reads the prose
of one item between two offsets of the text. Every pattern here is bounded
(no unbounded repetition inside repetition), so that reading time grows with
the length of the text and no more.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from converters.attendance import JOB_WORDS, entries, present_attendee
from converters.model import (
    Action, Attendee, Declaration, Item, MeetingRef, Minutes, Motion, Report, Resolution, Span, Text, Vote,
)
from converters.people import parse_name
from converters.text import DATE, TIME, Covered, Words, clean, parse_date, parse_time, split_list, text_at, usual_case

PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")

TITLE = (r"(?:(?:County|District|Borough|Town|Parish|City|Community)[ \t]+)?"
         r"(?:Councillor|Cllr\.?|Council[ \t]?(?:member|Member|woman|man)|Cyng\.|Cynghorydd(?:[ \t]+Sir)?|Mayor|"
         r"Deputy[ \t]+Mayor)[ \t\u00a0]+(?:y[ \t]+)?")
WORD = r"[A-Z][\w'’-]*"
INITIAL = r"[A-Z]\.?"
GAP = r"[ \t\u00a0]+"
NOT_A_NAME = (r"(?!(?:The|It|A|An|In|On|For|Against|County|District|Borough|Town|Parish|City|Community|Councillors?|"
              r"Cllr|Council[ \t]?(?:members?|Members?|woman|man)|This|That|These|There|Members|Council|Committee|Clerk|"
              r"Chair|Chairman|Chairperson|Resolved|"
              r"Proposed|Seconded|Approved|Agreed|Following|All|No|Noted|Mayor)\b)")
TITLED_NAME = (TITLE + r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?" + GAP + ")?(?:" + INITIAL + r"[ \t]?){0,3}" + WORD
               + r"(?:" + GAP + WORD + r"){0,3}")
PLAIN_NAME = (r"(?<![\w'’-])" + NOT_A_NAME + r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?" + GAP + r")?(?:" + INITIAL + r"[ \t]?){0,3}"
              + WORD + r"(?:" + GAP + NOT_A_NAME + WORD + r"){1,2}")
INITIALS_NAME = r"(?<![\w'’-])[A-Z][A-Za-z]?[A-Z][a-z]?(?![\w'’-])"
INITIALLED_NAME = r"(?<![\w'’-])(?:[A-Z]\.[ \t]?){1,3}[A-Z][\w'’-]*[a-z][\w'’-]*"
NAME_RE = f"(?:{TITLED_NAME}|{PLAIN_NAME}|{INITIALLED_NAME})"
ANY_NAME = f"(?:{TITLED_NAME}|{PLAIN_NAME}|{INITIALS_NAME}|{WORD})"
SPEECH_WORDS = Words("reported", "stated", "confirmed", "queried", "asked", "explained", "advised", "informed",
                     "responded", "agreed", "said", "noted", "wished", "welcomed", "thanked", "commented", "suggested",
                     "expressed", "highlighted", "outlined", "updated", "presented", whole=True)
SPEECH = SPEECH_WORDS.pattern
ABBREVIATIONS = re.compile(r"(?:\b(?:Cllrs?|Mrs?|Ms|Dr|Cyng|St|No|Nos|Co|Rev|Prof|Mt|approx|Cr|[A-Z]))$")
# a full stop, a blank line (not one a sentence runs on across) or a line opening a list entry
SENTENCE_END = re.compile(r"[.!?](?=[\"'”’)]?(?:\s|$))|\n[ \t]*\n(?![ \t]*[a-z(])"
                          r"|\n(?=[ \t]*(?:[•\uf0b7\-–]|\(?[a-z]{1,4}\)|\d+\.)\s)")

# -- attendance
APOLOGIES = re.compile(
    r"\b(?:(?:an\s+)?apolog(?:y|ies)(?:\s+for\s+absence)?\s+(?:(?:were|was|had\s+been|have\s+been)\s+)?(?:also\s+)?"
    r"(?:received|submitted|accepted|given|noted|tendered)\s+(?:from|for|by|on\s+behalf\s+of)\s+"
    r"|Derbyniwyd\s+ymddiheuriadau\s+(?:gan|oddi\s+wrth)\s+(?:y\s+)?)", re.I)
# A roll call in a sentence: "The following members of City Council were in attendance: Mayor Knox White, John …"
ROLL_CALL = re.compile(r"\bThe\s+following\s+(?:members|councillors|council\s?members)\b[^.:\n]{0,60}?\s+(?:were|was)\s+"
                       r"(?:in\s+attendance|present)\s*:\s*", re.I)
APOLOGISED = re.compile(r"\b(?:also\s+)?apologised\s+for\s+(?:his|her|their)\s+(?:inability\s+to\s+attend|absence)", re.I)
SUBSTITUTION = re.compile(
    rf"(?P<sub>{NAME_RE})\s+(?:replaced|substituted\s+for|was\s+substituting\s+for|"
    rf"(?:attended|was\s+present|had\s+been\s+appointed|was\s+appointed)\s+as\s+(?:a\s+)?substitute\s+(?:member\s+)?for)\s+"
    rf"(?P<for>{NAME_RE})"
    rf"|(?P<sub2>{NAME_RE})\s*\((?:substituting|substitute)\s+for\s+(?P<for2>{NAME_RE})\)")
# Every name begins with a capital (and the other branches with "meeting", "chaired" or "Cymerwyd"): the guard
# turns other places away at once
CHAIR = re.compile(
    rf"(?=[A-Zcm])(?:(?P<a>{NAME_RE})\s+(?i:took|was\s+in)\s+the\s+[Cc]hair\b"
    rf"|(?i:meeting\s+was\s+chaired|chaired)\s+(?i:by)\s+(?P<b>{NAME_RE})"
    rf"|(?i:Cymerwyd\s+y\s+Gadair\s+gan)\s+(?:y\s+)?(?P<c>{NAME_RE})"
    rf"|(?P<d>{NAME_RE})\s+\((?i:Chair(?:man|person)?)\)\s+(?i:presided|in\s+the\s+chair))")

# -- interests
NO_INTERESTS = re.compile(
    r"\b(?:No\b[^.\n]{0,80}?\binterests?\b[^.\n]{0,80}?\b(?:were|was)\s+(?:disclosed|declared|made|received)"
    r"|There\s+were\s+no\s+(?:declarations|disclosures)\s+of\s+(?:any\s+)?interests?"
    r"|(?:Declarations?|Disclosures?)\s+of\s+(?:pecuniary\s+)?interests?\s*:\s*None"
    r"|had\s+no\s+(?:personal\s+|pecuniary\s+)?interests\s+(?:for|in|to\s+declare))[^.\n]{0,120}\.?", re.I)
NONE_DECLARED = re.compile(r"\s*(?P<none>None|Nil|No\s+declarations?(?:\s+(?:were\s+)?(?:made|received))?)\b\.?")  # the item's text
DECLARED = re.compile(
    rf"(?P<who>{NAME_RE})\s+(?:again\s+)?declared\s+(?:an?\s+)?(?P<kind>[\w,-]*(?:\s+[\w,-]+){{0,3}}?\s*)?\binterests?\b"
    r"(?:\s+in\s+(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?(?P<item>\d+[A-Za-z]?(?:/\d+)?))?")
DECLARED_BY = re.compile(
    rf"(?i:(?:declaration|datganiad)\s+o[f]?\s+(?:dd)?(?:interest|diddordeb)\s+(?:gan|by|from))\s+(?:y\s+)?(?P<who>{NAME_RE})"
    rf"|(?P<who2>{NAME_RE})\s+(?i:ddatgan\s+diddordeb)")
DECLARATIONS_FOLLOW = re.compile(
    r"(?:following\b[^.:\n]{0,80}?\bdeclared\b|declared\b[^.:\n]{0,80}?\bas\s+follows|"
    r"declarations?\b[^.:\n]{0,60}?\b(?:were\s+)?(?:made|received|declared)\b|datganiadau\b)[^:\n]{0,120}:"
    r"|ddatgan\s+diddordeb\b[^.:]{0,200}:", re.I)
DECLARATION_ENTRY = re.compile(
    rf"(?P<who>{TITLED_NAME}|(?:[A-Z][\w'’-]+[ \t]|[A-Z]\.?[ \t]?){{0,3}}?[A-Z][\w'’-]+)"
    r"[ \t]*(?:[-–—:][ \t]*(?P<subject>[^\n]+)|\((?P<paren>[^)]{1,200})\)|[ \t]+(?P<rest>(?:due|as|in|for|because)\b"
    r"[^\n]{0,300}?(?:\.(?=\s)|$)))")
INTEREST_KINDS = (
    ("prejudicial", "prejudicial"),
    ("disclosable pecuniary", "disclosable pecuniary"),
    ("pecuniary", "disclosable pecuniary"),
    ("other registrable", "other registrable"),
    ("non-registrable", "non-registrable"),
    ("personal", "non-registrable"),
    ("non-pecuniary", "non-registrable"),
)
INTEREST_ACTIONS = (
    (re.compile(r"\bleft\s+the\s+(?:room|meeting|chamber)\b|adael\s+yr\s+ystafell", re.I), "left the room"),
    (re.compile(r"\b(?:did\s+not|took\s+no\s+part\s+in\s+the|would\s+not)\s+vot", re.I), "did not vote"),
    (re.compile(r"\bremained\b", re.I), "remained"),
)
ITEM_REFERENCE = re.compile(r"\b[A-Z]{1,3}/\d{2,}(?:/\d+)*\b")
DECLARATIONS_TITLE = re.compile(
    r"\b(?:declarations?|disclosures?)\s+of\s+(?:[\w/-]+\s+){0,4}?interests?\b|\binterests?\s+declared\b|^\s*interests\s*$|"
    r"datganiad|diddordeb", re.I)
APOLOGIES_TITLE = re.compile(r"apolog|ymddiheur", re.I)
NEXT_MEETING_TITLE = re.compile(r"next\s+meeting|date\s+of\s+(?:the\s+)?next|nesaf", re.I)

# -- decisions
RESOLVED = re.compile(
    r"(?:(?:It\s+was|And|The\s+\w+(?:\s+\w+)?|Therefore\s+be\s+it)\s+)?Resolved\s*(?:[:–—-]+|that\b|to\b)"
    r"\s*[:-]?\s*(?:[“\"]?That\s+)?", re.I)
RESOLUTION_KINDS = (
    (re.compile(r"\brecommend", re.I), "recommended"),
    (re.compile(r"\bdefer", re.I), "deferred"),
    (re.compile(r"\b(?:approv|grant|confirm|adopt|authoris|elect)", re.I), "approved"),
    (re.compile(r"\bagree|cytun", re.I), "agreed"),
    (re.compile(r"\bnote", re.I), "noted"),
)
# A decision said in a sentence: "It was unanimously agreed that …", "The minutes were approved as a correct record."
# Every branch begins a word with one of the letters of the guard, or a line: the guard turns other places away at
# once, where each branch would be tried in turn (five times faster).
DECIDED = re.compile(
    r"(?=[IiwTPCDBMmpcA]|^)(?<!\w)"
    r"(?:(?P<it>\b[Ii]t\s+was\s+(?:[A-Z]{2,3}\s+)?(?:unanimously\s+|also\s+|further\s+)?(?:agreed|decided|approved)\b)"
    r"|(?P<passive>\b(?:was|were)\s+(?:unanimously\s+|duly\s+)?(?:agreed|approved|adopted|ratified|accepted|confirmed)\b"
    r"(?!\s+(?:at|that|by\s+the\s+\w+\s+meeting)\b))"
    r"|(?P<subject>\b(?:The\s+)?(?:(?:Parish|Town|Community|County|District|Borough|City)\s+)?(?:Council|Committee|"
    r"Councillors|Members|members\s+of\s+[A-Z][\w ]{0,40}?Council|CC)\s+(?:\w+\s+|(?:was|were)\s+[\w ]{1,60}?\s+and\s+)?"
    r"(?:unanimously\s+)?"
    r"(?:agreed|approved|resolved|decided)\s+(?:unanimously\s+)?(?:to|that|on)\b)"
    r"|(?P<none>\b(?:The\s+)?(?:(?:Parish|Town|Community)\s+)?(?:Council|Committee)\s+had\s+no\s+"
    r"(?:objections?|comments?|observations?)\b)"
    r"|(?P<moved>\b(?:proposed|moved)\s+by\b[^\n]{0,200}?\band\s+(?:unanimously\s+)?(?:agreed|resolved|RESOLVED)\b)"
    r"|(?P<line>^[ \t]*(?:Approved|Agreed|Carried)\s*[–—-])"
    r"|(?P<as>\b(?:Approved|Adopted|Accepted)\s+as\s+(?:submitted|presented|amended|circulated|corrected|read|written)\b)"
    r"|(?P<concurred>\b(?:Council|Committee|Board)\s+concurred\s+(?:with|in)\b)"
    r"|(?P<welsh>\b[Cc]ytunwyd\b|pawb\s+yn\s+gyt[ûu]n\b))", re.M)
# "It was agreed that the Clerk would write …", "… that PW sign the declaration": something someone is to do
# ("… that Cllr. G. Evans would represent the Council" appoints: a decision)
AGREED_ACTION = re.compile(
    r"\s+that\s+(?:(?!(?:the\s+)?(?:(?:Parish|Town|Community|City|County|District)\s+)?(?:Council|Committee|Members)\b)"
    r"(?:[^.\n]|\.(?=\s?[A-Z])){1,150}?\b(?:would|should|will)\s+(?!be\s+(?:approved|adopted|agreed)\b|represent\b|serve\b)"
    r"|(?:[A-Z]{2,3}|(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][\w'’-]+)\s+"
    r"(?!(?:would|should|will)\s+(?:represent|serve)\b)[a-z]+\b)")
TABLE_ROW = re.compile(r"\d[\d.,]*\s+\d[\d.,]*\s+\d")
SENTENCE_SUBJECT = re.compile(r"\b(?:The|This|These|It|All)\b")
NOT_DECIDED = re.compile(r"\b(?:had\s+been|have\s+been|has\s+been|would\s+be|to\s+be|if|whether|once|when)\s+(?:\w+\s+)?"
                         r"(?:agreed|approved)\b", re.I)
CONFIRMED = re.compile(
    r"minutes\s+of\s+the\s+(?:last\s+|previous\s+)?(?:\w+\s+){0,4}?meeting[^.]{0,80}?held\s+on\s+(?:the\s+)?(?P<date>"
    + DATE.pattern + r")[^.]{0,120}?\b(?:be|were|are|was)\s+(?:\w+\s+)?(?:confirmed|approved|agreed|signed|correct|adopted)",
    re.I)
REPORT = re.compile(r"A report was presented by (?P<rest>[^.]{1,300})\.")
REPORT_VERB = re.compile(
    r",?\s+(?=(?:providing|setting out|outlining|which|on|regarding|detailing|seeking|informing|updating|summarising|to)\b)")
OFFICER = re.compile(rf"(?P<name>{PLAIN_NAME}),\s+(?P<role>[^.;]{{1,120}}?),\s+(?={SPEECH}\b)")
# A post before its holder's name: "City Manager John McDonough provided …", "(Presented by Fire Chief Brian Horton)"
POST_THEN_NAME = re.compile(
    r"(?<![\w'’-])(?!The\b)(?P<role>(?:[A-Z][\w&'’-]*[ \t]+(?:(?:of|and|for)[ \t]+)?){0,6}"
    r"(?:Manager|Director|Chief|Clerk|Attorney|Officer|Treasurer|Secretary|Solicitor|Engineer|Planner))[ \t]+"
    r"(?P<name>" + NOT_A_NAME + r"[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z]\.)?[ \t]+[A-Z][\w'’-]*[a-z])"
    r"(?=[ \t]*[),.;]|\s+[a-z])")
POST_THEN_NAME_CUE = Words("manager", "director", "chief", "clerk", "attorney", "officer", "treasurer", "secretary",
                           "solicitor", "engineer", "planner")
# A post that spoke at the meeting ("The Clerk advised", "Hysbyswyd gan y Clerc"), and the person who holds it,
# named with it anywhere ("Mrs Jane Davies, Clerk's Salary", "Mrs Jane Davies, Cyflog y Clerc", "J Smith (Clerk)")
POST = r"(?:Clerk|Clerc|Treasurer|Secretary|RFO|Attorney|Solicitor)"
POST_OF = r"(?:(?:Parish|Town|City|County|Borough|District|Deputy)\s+)?"  # "Town Clerk", "City Attorney", "Deputy Clerk"
MUNICIPAL = re.compile(r"(?:Parish|Town|City|County|Borough|District)\s+")  # not part of the post, as a deputy is
# A post that spoke at the meeting ("The Clerk advised", "Hysbyswyd gan y Clerc"), was addressed at it ("asked the
# City Attorney if …", "thanked the Clerk"), or was given a task at it, a line opening with it ("Clerk to submit the
# observations", "Clerc i gyflwyno'r sylwadau")
POST_SPOKE = re.compile(rf"\b(?:[Tt]he\s+(?P<post>{POST_OF}{POST})\s+(?:had\s+)?{SPEECH}\b"
                        rf"|(?:asked|thanked|requested|instructed|invited|directed)\s+the\s+(?P<addressed>{POST_OF}{POST})\b"
                        rf"|\w+wyd\s+gan\s+y\s+(?P<welsh>{POST})\b"
                        rf"|^[ \t]*(?P<tasked>{POST})[ \t]+(?:to|i)[ \t]+[a-z][^\n]*)", re.M)
POST_HOLDER = re.compile(
    rf"(?P<name>(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+(?:[A-Z][\w'’-]+[ \t]+|{INITIAL}[ \t]?){{0,2}}[A-Z][\w'’-]+)"
    rf"(?:,[ \t]+(?:the[ \t]+|\w+[ \t]+y[ \t]+)?(?P<post>{POST})(?:['’]s)?\b|[ \t]*\((?:the[ \t]+)?(?P<post2>{POST})\))"
    r"(?![ \t]+(?:to|of|for|at)[ \t]+(?!the[ \t]+(?:\w+[ \t]+)?Council\b)[A-Z])")  # not "Clerk to Ayton Town Council"
ASKER = re.compile(rf"(?:query|question)s?\s+from\s+(?P<asker>{TITLED_NAME})")
NAME_BEFORE = re.compile(rf"(?=[A-Z])(?P<name>{NAME_RE})\s+\Z")  # every name begins with a capital: tried at those only
# A word boundary checked after the first letter ("agreed(?<!\wagreed)" for "\bagreed") lets re skip to that letter
# at C speed; a pattern that begins with the boundary is tried at every position.
AGREED_TO = re.compile(r"agreed(?<!\wagreed) to (?P<what>[^.]{1,400})\.")
SUBJECT = re.compile(rf"(?P<name>{NAME_RE})\s+$")
AGREED_THAT = re.compile(
    r"it was agreed that (?P<what>[^.]{0,300}?\b(?:would|should|will) be (?:brought|reported|presented|submitted|circulated)"
    r" to (?:the )?next meeting(?: on (?P<date>" + DATE.pattern + r"))?[^.]{0,200})\.", re.I)
AGREED_WOULD = re.compile(r"[Ii](?<!\w[Ii])t\s+was\s+(?:\w+\s+)?agreed(?=" + AGREED_ACTION.pattern + r")\s+that\s+(?P<what>[^.\n]{1,150})")
SUBJECT_OF_ACTION = re.compile(rf"(?P<name>{TITLED_NAME}|(?:Mr|Mrs|Ms|Dr)\.?\s+{PLAIN_NAME})")
NEXT_MEETING = re.compile(
    r"(?-i:(?=[TtDdNn]))"  # the letters it begins with, checked with case: re would try all of it at every place
    r"(?:The\s+)?(?:date\s+of\s+the\s+)?next\s+(?:\w+\s+){0,2}?meeting\b(?:[^\n]{0,120}?\b(?:would|will|to|is\s+to|shall)\s+"
    r"(?:be\s+held|take\s+place)|[ \t]*[:–—-])\s+(?:at\s+(?P<time1>[0-9.:]+\s*(?:[ap]\.?\s*m\.?)?)\s+)?(?:on\s+)?(?:the\s+)?"
    r"(?P<date>" + DATE.pattern + r")"
    r"(?:,?\s+(?:at|commencing\s+at)\s+(?P<time>[0-9.:]+\s*(?:[ap]\.?\s*m\.?)?))?(?:,?\s+(?:in|at)\s+(?P<venue>[^\n.]{1,120}))?",
    re.I)
SIGNATURE = re.compile(r"(?P<date>" + DATE.pattern + r")[ \t.…]*\n[ \t]*(?:CHAIR(?:MAN|PERSON)?|Chair(?:man|person)?|CADEIRYDD)"
                       r"[ \t]*(?:\n|$)")
CLOSING = 400  # characters at the end of the minutes where the signature block is sought
# The officer who attests the minutes in the signature block at their end: a name on a line of its own (in capitals
# or not, honours after it), the post after a comma or on the next line: "CAMILLA G. PITMAN, MMC\nCITY CLERK"
SIGNED_AS_POST = re.compile(
    r"^[ \t]*(?P<name>(?:[A-Z][A-Za-z'’-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][A-Za-z'’-]+|[A-Z]\.)){1,3})"
    r"(?:,[ \t]*[^,\n]{1,30}?){0,3}?(?:,[ \t]*|[ \t]*\n[ \t]*)"
    r"(?P<post>(?i:(?:parish|town|city|county|borough|district|deputy|assistant)[ \t]+)?(?i:clerk|secretary)"
    r"(?:[ \t]+(?i:to|of)[ \t]+(?i:the)[ \t]+[A-Za-z \t]{1,40})?)[ \t]*$", re.M)

# -- motions
MOVED = re.compile(
    rf"(?P<amend>An\s+amendment)\s+was\s+(?:moved|proposed)\s+by\s+(?P<a_mover>{ANY_NAME})"
    rf"(?:,|\s+and)?\s+seconded\s+by\s+(?P<a_seconder>{ANY_NAME}),?\s*(?:that|as\s+follows)?\s*:?\s*(?P<a_text>[^\n]*)"
    rf"|It\s+was\s+(?:moved|proposed)\s+by\s+(?P<m_mover>{ANY_NAME})(?:,|\s+and)?\s+seconded\s+by\s+(?P<m_seconder>{ANY_NAME})"
    rf"(?P<m_then>,?\s+and\s+(?:unanimously\s+)?(?:agreed|resolved|RESOLVED|carried))?,?\s*(?:that|as\s+follows)?"
    rf"\s*:?\s*(?P<m_text>[^\n]*)"
    rf"|(?:On\s+the\s+(?:proposal|motion)\s+of|Proposed\s+by|Moved\s+by)\s*:?\s*(?P<p_mover>{ANY_NAME})\s*[;,]?\s*(?:and\s+)?"
    rf"(?:seconded\s+by|Seconded\s+by)\s*:?\s*(?P<p_seconder>{ANY_NAME})[;,.]?"
    rf"|Proposed\s+by\s*:?\s*(?P<q_mover>{ANY_NAME})[ \t]*;?[ \t]*(?:\n[ \t]*)*Seconded\s+by\s*:?\s*(?P<q_seconder>{ANY_NAME})"
    rf"|(?:Approved|Proposed|Moved)\s*[–—-]\s*(?P<d_mover>{ANY_NAME})\s+Seconded\s*[–—-]\s*(?P<d_seconder>{ANY_NAME})"
    rf"|Cynigiwyd\s+gan\s+(?:y\s+)?(?P<w_mover>{NAME_RE}),?\s+eiliwyd\s+gan\s+(?:y\s+)?(?P<w_seconder>{NAME_RE})"
    rf"(?P<w_then>\s+ac\s+roedd\s+pawb\s+yn\s+gyt[ûu]n)?(?:\s+bod\s+)?(?P<w_text>[^\n]*)"
    rf"|(?P<mover>{NAME_RE})\s+moved,?\s+and\s+(?P<seconder2>{NAME_RE})\s+seconded,?\s*(?P<text2>[^\n]*)"
    rf"|(?P<u_mover>{NAME_RE})\s+moved,\s+seconded\s+by\s+(?P<u_seconder>{NAME_RE}),?\s+(?:to\s+|that\s+)?"
    rf"(?P<u_text>[^.]{{1,400}})"
    rf"|(?P<s_mover>{NAME_RE})\s+moved\s+(?:that|an?\s+)(?P<s_text>[^.\n]{{1,300}})\.?"
    rf"(?:\s+(?:It\s+was\s+)?[Ss]econded\s+by\s+(?P<s_seconder>{NAME_RE}))?"
    rf"|(?P<x_mover>{NAME_RE})\s+proposed\s+that\s+(?P<x_text>[^.;\n]{{1,300}})"
    rf"(?:[;,]?\s+(?:and\s+)?(?:this\s+was\s+)?seconded\s+by\s+(?P<x_seconder>{NAME_RE}))?"
    rf"|(?P<e_who>{ANY_NAME})\s+was\s+(?:proposed|nominated)\s+as\s+[\w ]{{1,40}}?\s+by\s+(?P<e_mover>{ANY_NAME})"
    rf"\s+and\s+seconded\s+by\s+(?P<e_seconder>{ANY_NAME})",
    re.M)
NOTICE = re.compile(rf"(?:Notice\s+of\s+)?Motion\s+(?:submitted\s+by|from|in\s+the\s+name\s+of)\s+(?P<who>{NAME_RE})")
# A numbered resolution: "R2023-093 D. Yemm, S. Kirkey:", its words on the lines below (or, after a number, on the
# same line), then "Carried."
NUMBERED_MOTION = re.compile(
    rf"^[ \t]*(?:(?P<r_number>[A-Z]{{0,3}}\d{{2,4}}[-/]\d{{2,4}})[ \t]+)?(?P<r_mover>{NAME_RE}),[ \t]*(?P<r_seconder>{NAME_RE}):"
    rf"(?(r_number)[ \t]*\n?|[ \t]*\n)"
    rf"(?P<r_text>(?:[^\n]*\n){{0,40}}?[^\n]*?)\s*(?P<r_outcome>Carried|Defeated|Lost)\.?[ \t]*$", re.M)
MOVER_GROUPS = (("a_mover", "a_seconder", "a_text"), ("m_mover", "m_seconder", "m_text"),
                ("p_mover", "p_seconder", None), ("q_mover", "q_seconder", None), ("d_mover", "d_seconder", None),
                ("w_mover", "w_seconder", "w_text"), ("mover", "seconder2", "text2"),
                ("u_mover", "u_seconder", "u_text"), ("s_mover", "s_seconder", "s_text"),
                ("x_mover", "x_seconder", "x_text"), ("r_mover", "r_seconder", "r_text"), ("e_mover", "e_seconder", None))
PUT = re.compile(
    r"\bThe\s+(?P<what>(?:substantive\s+)?motion|amendment|recommendations?|proposal)\b(?:\s+(?:by|from|of)\s+the\s+"
    r"(?P<group>[A-Z][\w ]{0,40}?Group))?[^.\n]{0,160}?\b(?:was|were)\s+(?:put\s+to\s+the\s+vote\s+and\s+(?:was\s+)?)?"
    r"(?:declared\s+|therefore\s+)?(?:carried|lost|defeated|withdrawn|not\s+agreed)\b", re.I)
OUTCOME = re.compile(
    # "was carried", or with no verb before it, "The motion carried unanimously", "The motion, as amended, carried"
    r"(?:\b(?:was|were|is)\s+(?:declared\s+|therefore\s+)?|(?<=\bmotion\s)|(?<=\bamend\s)|(?<=\bamended,\s))"
    r"(?P<outcome>carried|lost|defeated|failed|withdrawn|deferred|not agreed)\b"
    r"(?:\s+unanimously)?(?:\s+(?:by\s+)?(?P<first>\d+)\s+votes?\s+(?:to\s+)?(?P<second>\d+))?"
    r"(?:,?\s+with\s+(?P<abstain>\d+)\s+abstentions?)?", re.I)
RECENT_MOTIONS = 20
OUTCOMES = {"carried": "carried", "lost": "lost", "defeated": "lost", "failed": "lost", "not agreed": "lost",
            "withdrawn": "withdrawn", "deferred": "deferred"}
COUNT = re.compile(r"^[ \t]*(?P<option>For|In favour|Against|Abstentions?|Abstained|Abstain)[ \t]*(?:\((?P<n>\d+)\))?"
                   r"[ \t]*[:–-][ \t]*(?P<rest>[^\n]*)$", re.I | re.M)
OPTIONS = {"for": "for", "in favour": "for", "against": "against"}
ABSTAINED = re.compile(rf"(?P<who>{TITLED_NAME}|{PLAIN_NAME})\s+(?:abstained|voted\s+against|did\s+not\s+vote)", re.I)
METHODS = (
    (re.compile(r"\brecorded vote\b|\bnamed vote\b", re.I), "recorded vote"),
    (re.compile(r"\bshow of hands\b", re.I), "show of hands"),
    (re.compile(r"\bsecret ballot\b", re.I), "secret ballot"),
)
# The words each kind of statement is made of: an item without them is not searched for it
CUES = {
    "apology": ("apolog", "ymddiheur"),
    "present": ("in attendance", "present:"),
    "substitute": ("substitut", "replaced"),
    "chair": ("chair", "gadair"),
    "interest": ("declar", "interest", "datgan", "diddordeb"),
    "resolved": ("resolved",),
    "decided": ("agreed", "approved", "adopted", "ratified", "accepted", "confirmed", "decided", "concurred", "objection",
                "comment", "observation", "cytunwyd", "gytûn", "gytun"),
    "motion": ("moved", "proposed", "seconded", "proposal", "cynigiwyd", "carried", "defeated", "lost", "nominated",
               "motion", "amendment", "recommendation", "withdrawn"),
    "vote": ("abstain", "vote"),
    "next": ("next",),
    "minutes": ("minutes",),
}


# Words every match of a costly pattern contains: the pattern is sought only near them
OFFICER_CUE = re.compile(rf",\s+{SPEECH}\b")
# (cues are sought in the text with its ASCII capitals made small: see _around)
DECIDED_CUE = Words("agreed", "approved", "adopted", "ratified", "accepted", "confirmed", "decided", "resolved",
                    "concurred", "objections", "objection", "comments", "comment", "observations", "observation",
                    "cytunwyd", "gytûn", "gytun", "carried")
ASKER_CUE = re.compile(r"q(?<!\wq)(?:uer(?:y|ies)|uestions?)\s+from\b")
SUBSTITUTION_CUE = Words("substitut", "replaced")
CHAIR_CUE = Words("chair", "gadair")
DECLARED_CUE = Words("declar", "datgan")
MOVED_CUE = Words("moved", "proposed", "seconded", "proposal", "cynigiwyd", "approved", "carried", "defeated", "lost",
                  "nominated")
ABSTAINED_CUE = re.compile(r"abstained|voted\s+against|did\s+not\s+vote")
ASCII_SMALL = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _cues(text: str, start: int, end: int) -> set[str]:
    words = text[start:end].lower()
    return {cue for cue, spellings in CUES.items() if any(s in words for s in spellings)}


def _moved(text: str, start: int, end: int):
    """Motions as moved, in the order the text gives them."""
    found = list(_around(MOVED, MOVED_CUE, text, start, end))
    said = Covered(start, end)
    for m in found:
        said.add(m.start(), m.end())
    found += [m for m in NUMBERED_MOTION.finditer(text, start, end) if m.start() not in said]
    return sorted(found, key=lambda m: m.start())


@lru_cache(maxsize=8)
def _small(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with its capitals made small, every character where it was."""
    part = text[start:end]
    small = part.lower()
    return small if len(small) == len(part) else part.translate(ASCII_SMALL)


def _around(pattern: re.Pattern, cue: Words | re.Pattern, text: str, start: int, end: int, before: int = 300,
            after: int = 600):
    """The matches of a costly pattern, sought only near the words every match must contain. The cue is sought in
    the text with its capitals made small, which keeps every offset and is far faster than a pattern that ignores
    case."""
    window_start = window_end = None
    small = _small(text, start, end)
    for c_start, c_end in cue.spans(small) if isinstance(cue, Words) else (c.span() for c in cue.finditer(small)):
        a, b = max(start, start + c_start - before), min(end, start + c_end + after)
        if window_end is not None and a <= window_end:
            window_end = max(window_end, b)
            continue
        if window_end is not None:
            yield from pattern.finditer(text, window_start, window_end)
        window_start, window_end = a, b
    if window_end is not None:
        yield from pattern.finditer(text, window_start, window_end)


def _starting(pattern: re.Pattern, words: str, text: str, start: int, end: int):
    """The matches of a pattern that ignores case and begins with ``words``, tried only where the words are in the
    text with its capitals made small: ``re`` tries such a pattern at every place."""
    small = _small(text, start, end)
    at = small.find(words)
    while at != -1:
        m = pattern.match(text, start + at, end)
        if m:
            yield m
        at = small.find(words, m.end() - start if m else at + 1)


def read_item(text: str, start: int, end: int, item: Item, minutes: Minutes) -> None:
    """Reads the prose of one item into the item and the minutes it belongs to; each kind of statement is sought
    only in items that have the words it is made of."""
    cues = _cues(text, start, end)
    _attendance(text, start, end, item, minutes, cues)
    decisions = _resolutions(text, start, end, item, minutes, cues)
    if "interest" in cues or DECLARATIONS_TITLE.search(item.title):
        _declarations(text, start, end, item, minutes, [(r.span.start, r.span.end) for _, r in decisions])
    officers = _reports_and_officers(text, start, end, item, minutes)
    if "motion" in cues or NOTICE.search(item.title):
        _motions(text, start, end, item, decisions)
    elif "vote" in cues:
        _abstentions_in_decisions(text, start, end, item, decisions)
    for m in _around(ASKER, ASKER_CUE, text, start, end, before=0, after=120):
        item.speakers.append(text_at(text, m.start("asker"), m.end("asker")))
    for cue, _ in SPEECH_WORDS.spans(text, start, end):
        if m := NAME_BEFORE.search(text, max(start, cue - 60), cue):
            item.speakers.append(text_at(text, m.start("name"), m.end("name")))
    if "decided" in cues:
        _actions(text, start, end, item, officers)
    if "next" in cues or NEXT_MEETING_TITLE.search(item.title):
        _next_meeting(text, start, end, item, minutes)


def read_opening(text: str, start: int, end: int, minutes: Minutes) -> None:
    """What the text before the first item says in sentences: who took the chair, apologies, interests."""
    holder = Item("", "", "", Span(start, start))
    _attendance(text, start, end, holder, minutes, _cues(text, start, end))
    if minutes.no_interests is None and (m := NO_INTERESTS.search(text, start, end)):
        minutes.no_interests = Span(m.start(), m.end())


def read_closing(text: str, start: int, minutes: Minutes) -> None:
    """The signature block at the end: minutes are signed as a correct record at the next meeting, on the date shown;
    the officer who attests them (the clerk who took them) attended in that post, unless a member signs so (the
    secretary of a community council may be one)."""
    tail = max(start, len(text) - CLOSING)
    members = [name for a in minutes.attendees if a.status != "officer" and (name := parse_name(a.name.value))]
    for m in SIGNED_AS_POST.finditer(text, tail):
        signed = parse_name(m["name"])
        if signed and not JOB_WORDS.search(m["name"]) and not any(signed.compatible(n) for n in members):
            name = Text(usual_case(m["name"], text), Span(m.start("name"), m.end("name")))
            minutes.attendees.append(Attendee(name, "officer", Span(m.start("name"), m.end("post")),
                                              job_title=usual_case(clean(m["post"]), text)))
    if minutes.next_meeting is None:
        for m in SIGNATURE.finditer(text, tail):
            day = parse_date(DATE.match(m["date"]))
            if day and day > minutes.date:
                minutes.next_meeting = MeetingRef(day, Span(m.start("date"), m.end("date")))


def keep_people_only(minutes: Minutes) -> None:
    """Speakers and assignees are kept only when they are people: titled members or named attendees."""
    known = {a.name.value for a in minutes.attendees}
    for item in minutes.items:
        item.speakers = [s for s in item.speakers if _is_person(s.value, known)]
        for action in item.actions:
            if action.assignee and not _is_person(action.assignee.value, known):
                action.assignee = None


def officers_by_post(minutes: Minutes) -> None:
    """A post that spoke at the meeting, was addressed at it or was given a task at it, with no officer of that post
    listed, was held by the one person the minutes name with it: "The Clerk advised …" and, under payments, "Mrs Jane
    Davies, Clerk's Salary"; when they name no one with it, or more than one, the post attended with its holder
    unnamed."""
    text = minutes.text
    spoke: dict[str, tuple[str, re.Match]] = {}
    for m in POST_SPOKE.finditer(text):
        post = clean(next(m[g] for g in ("post", "addressed", "welsh", "tasked") if m[g]))
        spoke.setdefault(_post_key(post), (post, m))
    listed = {word.lower() for a in minutes.attendees if a.status == "officer" and a.job_title
              for word in re.findall(r"\w+", a.job_title)}
    unlisted = {key for key in spoke if not set(key.split()) <= listed}
    holders: dict[str, list[re.Match]] = {}
    for m in POST_HOLDER.finditer(text) if unlisted else ():
        post = m["post"] or m["post2"]
        if post.lower() in unlisted:
            holders.setdefault(post.lower(), []).append(m)
    for key in sorted(unlisted, key=lambda key: spoke[key][1].start()):
        found = holders.get(key, [])
        if len({re.sub(r"\s+", " ", m["name"]) for m in found}) == 1:
            m = found[0]
            minutes.attendees.append(Attendee(text_at(text, m.start("name"), m.end("name")), "officer",
                                              Span(m.start(), m.end()), job_title=m["post"] or m["post2"]))
        else:
            post, m = spoke[key]
            minutes.posts.append(Text(post, Span(m.start(), m.end())))


def _post_key(post: str) -> str:
    """ "Town Clerk" and "Clerk" are one post, "Deputy Clerk" another."""
    return MUNICIPAL.sub("", post).lower()


def _is_person(name: str, known: set[str]) -> bool:
    return bool(re.match(TITLE, name)) or name in known


def sentence_at(text: str, position: int, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``position``: it begins after the last sentence end before it, and ends at the next."""
    begin = start
    for m in SENTENCE_END.finditer(text, max(start, position - 600), position):
        if not _abbreviation(text, m.start()):
            begin = m.end()
    stop = end
    for m in SENTENCE_END.finditer(text, position, min(end, position + 1500)):
        if not _abbreviation(text, m.start()):
            stop = m.end()
            break
    while begin < stop and text[begin].isspace():
        begin += 1
    marker = re.compile(r"(?:[•\uf0b7\-–]|\(?(?:[ivx]{1,4}|[a-z])\)|\d+\.)\s+").match(text, begin, stop)
    if marker and marker.end() <= position:
        begin = marker.end()
    return begin, stop


def _abbreviation(text: str, at: int) -> bool:
    return text[at] == "." and ABBREVIATIONS.search(text, max(0, at - 6), at) is not None


def _names_until_sentence_end(text: str, start: int, end: int) -> list:
    _, stop = sentence_at(text, start, start, end)
    names = []
    for name in split_list(text, start, stop):
        value = re.sub(r"\s*\([^)]*\)\s*$", "", name.value.rstrip(" .;:")).rstrip(" .")
        value = re.sub(r"^(?:Councillors|Cllrs\.?|Cynghorwyr)\s+", "", value)
        if value != name.value:
            at = text.find(value, name.span.start, name.span.end)
            name = text_at(text, at, at + len(value)) if at != -1 else name
        if _member_name(name.value):
            names.append(name)
    return names


def _member_name(value: str) -> bool:
    name = parse_name(value)
    if name is None or len(name.given) > 4:
        return False
    return not re.search(r"\b(?:Council|Committee|Group|Board|Ltd|Limited|Association|Police|reasons?|The|All|None|"
                         r"Members?|Councillors)\b", value)


# ---------------------------------------------------------------- attendance

def _attendance(text: str, start: int, end: int, item: Item, minutes: Minutes, cues: set[str]) -> None:
    said = False
    if "apology" in cues:
        for m in APOLOGIES.finditer(text, start, end):
            said = True
            for name in _names_until_sentence_end(text, m.end(), end):
                minutes.attendees.append(Attendee(name, "apologies", Span(m.start(), name.span.end)))
        for m in APOLOGISED.finditer(text, start, end):
            begin, _ = sentence_at(text, m.start(), start, end)
            for name in _names_until_sentence_end(text, begin, m.start()):
                minutes.attendees.append(Attendee(name, "apologies", Span(begin, m.end())))
    if "present" in cues:
        for m in ROLL_CALL.finditer(text, start, end):
            for name in _names_until_sentence_end(text, m.end(), end):
                minutes.attendees.append(Attendee(name, "present", Span(m.start(), name.span.end)))
    if "substitute" in cues:
        for m in _around(SUBSTITUTION, SUBSTITUTION_CUE, text, start, end):
            sub, replaced = ("sub", "for") if m["sub"] else ("sub2", "for2")
            minutes.attendees.append(Attendee(
                text_at(text, m.start(sub), m.end(sub)), "present", Span(m.start(), m.end()),
                substitute_for=text_at(text, m.start(replaced), m.end(replaced))))
    if "chair" in cues:
        for m in _around(CHAIR, CHAIR_CUE, text, start, end):
            group = next(g for g in "abcd" if m[g])
            minutes.attendees.append(Attendee(text_at(text, m.start(group), m.end(group)), "present",
                                              Span(m.start(), m.end()), role="chair"))
    if item.title and APOLOGIES_TITLE.search(item.title) and not said:
        _listed_apologies(text, start, end, minutes)


def _listed_apologies(text: str, start: int, end: int, minutes: Minutes) -> None:
    """An apologies item whose text is just the names: "Ian Logan (IL)"."""
    first = PARAGRAPH.search(text, start, end)
    if first is None or re.search(r"\b(?:was|were|had|has|received|apologised)\b", first[0]):
        return
    for entry in entries(text, first.start(), first.end()):
        attendee = present_attendee(text, entry)
        if attendee and attendee.status == "present":
            attendee.status = "apologies"
            minutes.attendees.append(attendee)


# ---------------------------------------------------------------- interests

def _declarations(text: str, start: int, end: int, item: Item, minutes: Minutes, decided: list[tuple[int, int]]) -> None:
    """Interests declared in the item; one a decision mentions ("… to show that Councillor X declared …") was
    declared at another meeting."""
    if minutes.no_interests is None and (m := NO_INTERESTS.search(text, start, end)):
        minutes.no_interests = Span(m.start(), m.end())
    in_declarations_item = bool(item.title and DECLARATIONS_TITLE.search(item.title))
    if in_declarations_item and minutes.no_interests is None and (m := NONE_DECLARED.match(text, start, end)):
        minutes.no_interests = Span(m.start("none"), m.end())
    made_in = None if in_declarations_item else item.number
    taken = Covered(start, end)
    for a, b in decided:
        taken.add(a, b)
    declared = len(minutes.declarations)
    for m in _around(DECLARED, DECLARED_CUE, text, start, end):
        if m.start() in taken:
            continue
        begin, stop = sentence_at(text, m.start(), start, end)
        kind = _interest_kind(m["kind"] or "")
        sentence = text[m.start():stop]
        if re.match(r"[^.:\n]{0,80}:\s*$", text[m.end():min(stop + 1, end)]) \
                or text[m.end():m.end() + 30].lstrip().startswith(("as follows", ":")):
            continue  # the declarations follow as a list
        action = next((action for pattern, action in INTEREST_ACTIONS if pattern.search(sentence)), None)
        minutes.declarations.append(Declaration(
            text_at(text, m.start("who"), m.end("who")), clean(text[m.start():stop]), Span(m.start(), stop),
            kind, action, m["item"] or made_in, refs=_references(sentence)))
        taken.add(m.start(), stop)
    for m in _around(DECLARED_BY, DECLARED_CUE, text, start, end):
        group = "who" if m["who"] else "who2"
        if m.start() in taken:
            continue
        begin, stop = sentence_at(text, m.start(), start, end)
        sentence = text[begin:stop]
        action = next((action for pattern, action in INTEREST_ACTIONS if pattern.search(sentence)), None)
        minutes.declarations.append(Declaration(
            text_at(text, m.start(group), m.end(group)), clean(sentence), Span(begin, stop), None, action, made_in,
            refs=_references(sentence)))
        taken.add(begin, stop)
    intros = list(DECLARATIONS_FOLLOW.finditer(text, start, end))
    for intro, following in zip(intros, [*intros[1:], None]):
        _declaration_list(text, intro.end(), following.start() if following else end, intro[0], made_in, minutes, taken)
    if in_declarations_item and len(minutes.declarations) == declared and not NO_INTERESTS.search(text, start, end):
        _declaration_list(text, start, end, "", made_in, minutes, taken, line_starts=True)


def _declaration_list(text: str, start: int, end: int, intro: str, made_in: str | None, minutes: Minutes,
                      taken: Covered, line_starts: bool = False) -> None:
    """Declarations listed one a line (or one a sentence) after their introduction: "Leadley - Member of Morley Town Council"."""
    item_number = re.search(r"\b(?:item|minute)\s+(?:no\.?\s*)?(?P<n>\d+[A-Za-z]?(?:/\d+)?)", intro, re.I)
    kind = _interest_kind(intro)
    position = start
    misses = 0
    while position < end and misses < 3:
        m = DECLARATION_ENTRY.search(text, position, min(end, position + 600))
        if m is None:
            break
        if position > start and text[position:m.start()].strip(" \t\n\u00a0.,;") != "":
            break  # the entries of a list follow one another
        position = m.end()
        if m.start() in taken or line_starts and not _at_line_start(text, m.start()):
            continue
        who = text_at(text, m.start("who"), m.end("who"))
        if not _member_name(who.value):
            misses += 1
            continue
        subject = m["subject"] or m["paren"] or m["rest"] or ""
        minutes.declarations.append(Declaration(
            who, clean(m[0]), Span(m.start(), m.end()), kind, None,
            item_number["n"] if item_number else made_in, refs=_references(subject)))
        taken.add(m.start(), m.end())


def _at_line_start(text: str, position: int) -> bool:
    return re.compile(r"(?:^|\n)[ \t]*\Z").search(text, max(0, position - 40), position) is not None


def _interest_kind(words: str) -> str | None:
    words = words.lower()
    return next((kind for phrase, kind in INTEREST_KINDS if phrase in words), None)


def _references(text: str) -> tuple[str, ...]:
    return tuple(m[0] for m in ITEM_REFERENCE.finditer(text))


# ---------------------------------------------------------------- resolutions and decisions

def _resolutions(text: str, start: int, end: int, item: Item, minutes: Minutes,
                 cues: set[str]) -> list[tuple[int, Resolution]]:
    """Resolutions, and decisions recorded as agreed or approved; returns them with where they are said."""
    found: list[tuple[int, Resolution]] = []
    if not cues & {"resolved", "decided", "minutes"}:
        return found
    covered = Covered(start, end)
    small = _small(text, start, end)
    for p in PARAGRAPH.finditer(text, start, end) if "resolved" in cues else ():
        head = min(p.end(), p.start() + 200)
        resolved = RESOLVED.search(text, p.start(), head) if "resolved" in small[p.start() - start:head - start] else None
        if not resolved or (resolved.start() > p.start() and not re.search(r"(?:^|[.:]\s|\n)\s*$", text[p.start():resolved.start()])
                            and not re.match(r"(?:It\s+was|And|The|Therefore)", resolved[0], re.I)):
            continue
        body_start, body_end = resolved.end(), p.end()
        if body_start >= body_end - 1:  # "And Resolved:" with the wording in the next paragraph
            following = PARAGRAPH.search(text, body_end, end)
            if following is None:
                continue
            body_start, body_end = following.start(), following.end()
        wording = clean(text[body_start:body_end]).strip("“”\"")
        wording = re.sub(r"^That\s+", "", wording)
        if not wording:
            continue
        resolution = Resolution(wording, Span(p.start(), body_end), _resolution_kind(wording))
        found.append((p.start(), resolution))
        covered.add(p.start(), body_end)
        for c in _starting(CONFIRMED, "minutes", text, p.start(), body_end):
            _confirms(text, c, minutes)
    for m in _around(DECIDED, DECIDED_CUE, text, start, end, before=250, after=60) if "decided" in cues else ():
        if m.start() in covered or m.end() - 1 in covered:
            continue
        if m["it"] and not re.search(r"unanimous", m[0], re.I) and AGREED_ACTION.match(text, m.end(), end):
            continue  # "It was agreed that the Clerk would write …": something to be done, read as an action
        begin, stop = sentence_at(text, m.start(), start, end)
        sentence = text[begin:stop]
        if NOT_DECIDED.search(text, max(begin, m.start() - 20), m.end() + 1) or re.search(r"\?\s*$", sentence) \
                or m["passive"] and re.search(r"\bsince\s[^,.;:]{0,60}$", text[begin:m.start()], re.I) \
                or re.search(r"apolog", sentence, re.I):
            continue
        if m["subject"] or m["none"] or m["line"]:
            begin = m.start() + len(m[0]) - len(m[0].lstrip())
            if m["line"]:
                line_end = text.find("\n", begin, end)
                stop = line_end if line_end != -1 else end
        elif m.start() - begin > 150 or TABLE_ROW.search(text, begin, m.start()):
            # a sentence run on from a table: the decision begins with its subject
            subjects = list(SENTENCE_SUBJECT.finditer(text, max(begin, m.start() - 150), m.start()))
            begin = subjects[-1].start() if subjects else begin
        if text[begin:stop].rstrip().endswith(":"):  # "The following payments were approved:" and the list below
            stop = _list_end(text, stop, end)
        wording = _decision_wording(text, begin, m, stop)
        if not wording:
            continue
        resolution = Resolution(wording, Span(begin, stop), _resolution_kind(wording))
        found.append((begin, resolution))
        covered.add(begin, stop)
        for c in _starting(CONFIRMED, "minutes", text, begin, stop):
            _confirms(text, c, minutes)
    for c in _starting(CONFIRMED, "minutes", text, start, end):
        if c.start() not in covered:
            _confirms(text, c, minutes)
    found.sort(key=lambda f: f[0])
    item.resolutions.extend(r for _, r in found)
    return found


def _decision_wording(text: str, begin: int, m: re.Match, stop: int) -> str:
    """The words of a decision: after "… and agreed that" when a motion was put, else the whole sentence."""
    moved = re.compile(r"\b(?:proposed|moved|seconded)\b[^\n]{0,200}?\b(?:and\s+)?(?:unanimously\s+)?(?:agreed|resolved)\s+"
                       r"(?:that\s+|to\s+)?|pawb\s+yn\s+gyt[ûu]n\s+(?:bod\s+)?", re.I).search(text, begin, min(stop, m.end() + 10))
    if moved and moved.end() > m.start() - 5 and re.search(r"agreed\s+that|resolved|gyt", moved[0], re.I):
        return clean(text[moved.end():stop]).strip("“”\",; ")
    if m["it"] and m.start() > begin:  # "On the proposal of X, seconded by Y it was agreed to …"
        return clean(text[m.start():stop]).strip("“”\"")
    return clean(text[begin:stop]).strip("“”\"")


def _list_end(text: str, stop: int, end: int) -> int:
    following = PARAGRAPH.search(text, stop, end)
    return following.end() if following and not text[stop:following.start()].strip() else stop


def _resolution_kind(wording: str) -> str | None:
    return next((kind for pattern, kind in RESOLUTION_KINDS if pattern.search(wording[:120])), None)


def _confirms(text: str, c: re.Match, minutes: Minutes) -> None:
    day = parse_date(DATE.match(c["date"]))
    if day and all(ref.date != day for ref in minutes.confirms):
        minutes.confirms.append(MeetingRef(day, Span(c.start("date"), c.end("date"))))


# ---------------------------------------------------------------- reports, officers, actions

def _reports_and_officers(text: str, start: int, end: int, item: Item, minutes: Minutes) -> dict:
    """Reads reports and the officers named with their posts; returns those officers by where their clause ends."""
    for m in REPORT.finditer(text, start, end):
        rest_start = m.start("rest")
        verb = REPORT_VERB.search(text, rest_start, m.end("rest"))
        who_end = verb.start() if verb else m.end("rest")
        comma = text.find(",", rest_start, who_end)
        name = text_at(text, rest_start, comma if comma != -1 else who_end)
        presenter = name if parse_name(name.value) else None
        description = clean(text[verb.end():m.end("rest")]) if verb else ""
        item.reports.append(Report(presenter, description, Span(m.start(), m.end())))
        if presenter and comma != -1:
            role = clean(text[comma + 1:who_end])
            minutes.attendees.append(
                Attendee(presenter, "officer", text_at(text, rest_start, who_end).span, job_title=role))
    officers = {}
    for m in _around(OFFICER, OFFICER_CUE, text, start, end, before=250, after=5):
        if JOB_WORDS.search(m["role"]):
            name = officers[m.end()] = text_at(text, m.start("name"), m.end("name"))
            minutes.attendees.append(
                Attendee(name, "officer", Span(m.start(), m.end("role")), job_title=clean(m["role"])))
    for m in _around(POST_THEN_NAME, POST_THEN_NAME_CUE, text, start, end, before=120, after=60):
        if not JOB_WORDS.search(m["name"]):
            minutes.attendees.append(Attendee(text_at(text, m.start("name"), m.end("name")), "officer",
                                              Span(m.start(), m.end()), job_title=clean(m["role"])))
    return officers


def _actions(text: str, start: int, end: int, item: Item, officers: dict) -> None:
    for m in AGREED_TO.finditer(text, start, end):
        assignee = officers.get(m.start())
        if assignee is None and (subject := SUBJECT.search(text, max(start, m.start() - 80), m.start())):
            assignee = text_at(text, subject.start(), subject.end())
        if assignee:
            item.actions.append(Action(assignee, clean(m["what"]), Span(assignee.span.start, m.end())))
    for m in AGREED_WOULD.finditer(text, start, end):
        if re.search(r"unanimous", m[0], re.I) or AGREED_THAT.match(text, m.start()):
            continue
        _, stop = sentence_at(text, m.start(), start, end)
        who = SUBJECT_OF_ACTION.match(text, m.start("what"), stop)
        assignee = text_at(text, who.start("name"), who.end("name")) if who else None
        item.actions.append(Action(assignee, clean(text[m.start("what"):stop]).rstrip("."), Span(m.start(), stop)))
    for m in _starting(AGREED_THAT, "it was agreed that ", text, start, end):
        due = None
        if m["date"]:
            due = MeetingRef(parse_date(DATE.match(m["date"])), Span(m.start("date"), m.end("date")))
        item.actions.append(Action(None, clean(m["what"]), Span(m.start(), m.end()), due))


def _next_meeting(text: str, start: int, end: int, item: Item, minutes: Minutes) -> None:
    if m := NEXT_MEETING.search(text, start, end):
        ref = _meeting_ref(text, m)
        if ref.date and ref.date > minutes.date:
            minutes.next_meeting = ref
            return
    if minutes.next_meeting is None and item.title and NEXT_MEETING_TITLE.search(item.title):
        for d in DATE.finditer(text, start, min(end, start + 400)):
            day = parse_date(d)
            if day and day > minutes.date:
                ref = MeetingRef(day, Span(d.start(), d.end()))
                t = TIME.match(text, d.end() + len(re.match(r"[ \t,]*(?:at|commencing at)?[ \t]*", text[d.end():d.end() + 20])[0]))
                if t:
                    ref.start_time = parse_time(t)
                minutes.next_meeting = ref
                return


def _meeting_ref(text: str, m: re.Match) -> MeetingRef:
    ref = MeetingRef(parse_date(DATE.match(m["date"])), Span(m.start(), m.end()))
    written = m["time"] or m["time1"]
    if written and (t := TIME.search(written)):
        ref.start_time = parse_time(t)
    if m["venue"]:
        ref.venue = text_at(text, m.start("venue"), m.end("venue"))
    return ref


# ---------------------------------------------------------------- motions and votes

def _motions(text: str, start: int, end: int, item: Item, decisions: list[tuple[int, Resolution]]) -> None:
    """Motions as moved, then what the item says of their votes and outcomes, in the order it says it.

    An outcome sentence that names "the amendment" belongs to the last amendment moved before it, one
    that names "the motion" to the last substantive motion; vote counts and methods belong to the last
    motion moved before them that has no outcome yet. A motion "put" with its outcome but never moved
    in these minutes ("The amendment by the Labour Group was lost by 47 votes to 17") is a motion too.
    A motion whose item records a decision, and no other outcome, was carried.
    """
    moved: list[tuple[int, Motion]] = []
    for m in _moved(text, start, end):
        mover_group, seconder_group, text_group = next(g for g in MOVER_GROUPS if m.re.groupindex.get(g[0]) and m[g[0]])
        mover = text_at(text, m.start(mover_group), m.end(mover_group))
        seconder = text_at(text, m.start(seconder_group), m.end(seconder_group)) if seconder_group and m[seconder_group] else None
        if not _mover_name(mover.value) or seconder is not None and not _mover_name(seconder.value):
            continue
        wording = clean(m[text_group] or "") if text_group else ""
        wording = re.sub(r"^(?:that|That|THAT|bod)\s+", "", wording)
        amendment = m.re is MOVED and bool(
            m["amend"] or re.match(r"(?:amendment|alteration)\b", m["s_text"] or "", re.I)
            or re.match(r"amend\b", m["u_text"] or ""))
        motion = Motion(wording, Span(m.start(), m.end()), amendment=amendment, mover=mover, seconder=seconder)
        if m.re is MOVED and (m["m_then"] or m["w_then"] or m["e_who"]):
            motion.outcome = "carried"  # agreed as moved, or a nomination proposed and seconded: elected
        if m.re is MOVED and m["e_who"] and not any(r.span.start <= m.start() < r.span.end for r in item.resolutions):
            begin, stop = sentence_at(text, m.start(), start, end)  # the election is the decision
            bisect.insort(item.resolutions, Resolution(clean(text[begin:stop]), Span(begin, stop), "approved"),
                          key=lambda r: r.span.start)
        if m.re is NUMBERED_MOTION:
            motion.outcome = OUTCOMES[m["r_outcome"].lower()]
            if motion.outcome == "carried" and not item.resolutions:  # a numbered resolution, carried
                wording = re.sub(r"^(?:THAT|That)\s+", "", clean(m["r_text"]))
                item.resolutions.append(Resolution(wording, Span(m.start("r_text"), m.end("r_text")), _resolution_kind(wording)))
        moved.append((m.start(), motion))
    if not moved and NOTICE.search(item.title) and (notice := NOTICE.search(text, max(0, item.span.start - 300), start)):
        # "Notice of Motion submitted by Councillor L. Galvin:", the motion quoted below it
        first = PARAGRAPH.search(text, start, end)
        wording = clean(re.sub(r"[*_“”\"]+", "", first[0])) if first else ""
        mover = text_at(text, notice.start("who"), notice.end("who"))
        moved.append((start, Motion(wording or clean(notice[0]), Span(start, first.end() if first else start),
                                    mover=mover)))
    covered = Covered(start, end)
    for at, motion in moved:
        covered.add(at, motion.span.end)
    for m in PUT.finditer(text, start, end):
        if m.start() in covered:
            continue
        earlier = _before(moved, m.start() - 1)
        what = m["what"].lower()
        if earlier and not m["group"] and not what.startswith("substantive"):
            continue  # an outcome of a motion moved above: read with the events below
        if what.startswith("substantive") and any(not mo.amendment for mo in earlier):
            continue
        begin, _ = sentence_at(text, m.start(), start, end)
        bisect.insort(moved, (m.start(), Motion(clean(text[begin:m.end()]), Span(begin, m.end()),
                                                amendment=what == "amendment")), key=lambda x: x[0])
    if not moved:
        _abstentions_in_decisions(text, start, end, item, decisions)
        return
    events = sorted(
        [(m.start(), "outcome", m) for m in OUTCOME.finditer(text, start, end)]
        + [(m.start(), "count", m) for m in COUNT.finditer(text, start, end)]
        + [(m.start(), method, m) for pattern, method in METHODS for m in pattern.finditer(text, start, end)],
        key=lambda event: event[0])
    for position, kind, match in events:
        earlier = _before(moved, position)
        if not earlier:
            continue
        if kind == "outcome":
            sentence_start = max(text.rfind(".", max(start, position - 300), position),
                                 text.rfind("\n", max(start, position - 300), position)) + 1
            sentence = text[max(sentence_start, position - 300):position].lower()
            amendment = bool(re.search(r"\bamendment\b|\bmotion to amend\b", sentence))
            named = [m for m in earlier if m.amendment == amendment] if amendment or "motion" in sentence else []
            _decide((named or earlier)[-1], match)
            continue
        motion = next((m for m in reversed(earlier) if m.outcome is None), earlier[-1])
        if kind == "count":
            _count(text, motion, match)
        else:
            motion.method = kind
        motion.span = Span(motion.span.start, max(motion.span.end, match.end()))
    decided = bool(decisions)
    if not decided and not item.resolutions:
        carried_motion_resolved(text, start, end, item, moved)
    for _, motion in moved:
        if motion.outcome is None and decided and (motion.seconder is not None):
            motion.outcome = "carried"
        if not motion.text:  # "Proposed by PP and seconded by CC": what was moved is the decision beside it
            nearest = min(decisions, key=lambda d: abs(d[0] - motion.span.start), default=None)
            motion.text = nearest[1].text if nearest else clean(text[motion.span.start:motion.span.end])
        if motion.votes:
            motion.method = "recorded vote"
        item.motions.append(motion)


def carried_motion_resolved(text: str, start: int, end: int, item: Item, moved: list[tuple[int, Motion]]) -> None:
    """With no decision recorded, what the last motion carried (not an amendment) moved, in its own words
    ("X moved, seconded by Y, to approve first reading. The motion carried."), is what the item resolved."""
    carried = [(at, m) for at, m in moved if m.outcome == "carried" and not m.amendment and m.text and m.seconder]
    if not carried:
        return
    at, motion = carried[-1]
    begin, stop = sentence_at(text, at, start, end)
    begin = at if at - begin > 150 else begin  # a sentence run on from the item's title: the motion begins it
    item.resolutions.append(Resolution(clean(text[begin:stop]), Span(begin, stop), "approved"))


def _before(moved: list[tuple[int, Motion]], position: int) -> list[Motion]:
    """The motions moved at or before a position, the last few of them: outcomes and counts speak of those."""
    k = bisect.bisect_right(moved, position, key=lambda x: x[0])
    return [motion for _, motion in moved[max(0, k - RECENT_MOTIONS):k]]


def _mover_name(value: str) -> bool:
    return parse_name(value) is not None and not re.search(r"\b(?:Council|Committee|Group|The)\b", value)


def _abstentions_in_decisions(text: str, start: int, end: int, item: Item, decisions: list[tuple[int, Resolution]]) -> None:
    """ "The payments were agreed, Cllr Janet Taylor abstained.": a decision with a named vote is a vote carried."""
    for at, resolution in decisions:
        for m in _around(ABSTAINED, ABSTAINED_CUE, text, resolution.span.start, resolution.span.end):
            option = "abstain" if "abstain" in m[0].lower() else "against"
            motion = next((mo for mo in item.motions if mo.span == resolution.span), None)
            if motion is None:
                motion = Motion(resolution.text, resolution.span, outcome="carried")
                item.motions.append(motion)
            motion.votes.append(Vote(text_at(text, m.start("who"), m.end("who")), option))
            setattr(motion, "abstentions" if option == "abstain" else "votes_against",
                    sum(v.option == option for v in motion.votes))


def _without_plural_title(text: str, name: Text) -> Text:
    """ "Councillors Evans" (the first of "Councillors Evans, Hartley and Khan") -> "Evans"."""
    m = re.compile(r"(?:Councillors|Cllrs\.?|Members)\s+").match(text, name.span.start, name.span.end)
    return text_at(text, m.end(), name.span.end) if m else name


def _decide(motion: Motion, outcome: re.Match) -> None:
    motion.outcome = OUTCOMES[outcome["outcome"].lower()]
    motion.span = Span(motion.span.start, max(motion.span.end, outcome.end()))
    if outcome["first"]:
        larger, smaller = int(outcome["first"]), int(outcome["second"])
        motion.votes_for, motion.votes_against = (
            (larger, smaller) if motion.outcome == "carried" else (smaller, larger))
    if outcome["abstain"]:
        motion.abstentions = int(outcome["abstain"])


def _count(text: str, motion: Motion, count: re.Match) -> None:
    option = OPTIONS.get(count["option"].lower(), "abstain")
    names = [_without_plural_title(text, n) for n in split_list(text, count.start("rest"), count.end("rest"))]
    names = [n for n in names if not n.value.isdigit() and parse_name(n.value)]
    rest = count["rest"].strip()
    number = int(count["n"]) if count["n"] else int(rest) if rest.isdigit() else len(names)
    setattr(motion, {"for": "votes_for", "against": "votes_against", "abstain": "abstentions"}[option], number)
    motion.votes.extend(Vote(name, option) for name in names)
