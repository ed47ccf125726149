"""The general rules by which text minutes of any house style are read, each
shown on a few lines of minutes written for the test."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest
from rdflib import Literal

from converters import Source, convert, read
from converters.model import Minutes
from converters import prose
from converters.people import parse_name
from converters.text import Words
from openminutes.validation import validate
from openminutes.vocab import OM, Iris

ROOT = Path(__file__).resolve().parents[1]
OPENING = ("Minutes of the Ordinary Meeting of Testford Parish Council held on Wednesday 9th April 2025 at 7.30pm "
           "in the Village Hall.\n\n")


def minutes(text: str, url: str | None = None, format: str = "minutes-text") -> Minutes:
    return read(Source(text.encode("utf-8"), "test.txt", url), format)[1]


def attendance(m: Minutes) -> dict[str, tuple]:
    return {a.name.value: (a.status, a.role, a.job_title, a.initials) for a in m.attendees}


# ---------------------------------------------------------------- which meeting

@pytest.mark.parametrize("opening, council, day, start, venue", [
    (OPENING, "Testford Parish Council", date(2025, 4, 9), time(19, 30), "the Village Hall"),
    ("Testford Community Council held their meeting remotely via Zoom at 7.30pm on the 10th June 2020.\n",
     "Testford Community Council", date(2020, 6, 10), time(19, 30), "remotely via Zoom"),
    ("MINUTES OF THE MEETING OF TESTFORD TOWN COUNCIL HELD IN THE GUILDHALL,\n\nMARKET SQUARE, ON MONDAY, 2ND\n\n"
     "JUNE, 2025, AT 10.00 A.M.\n", "Testford Town Council", date(2025, 6, 2), time(10), "THE GUILDHALL, MARKET SQUARE"),
    ("Cynhaliwyd cyfarfod Cyngor Cymuned Testford am 7.00pm ar y 6ed Chwefror 2019 yn yr Ystafell Ddarllen, Testford.\n",
     "Cyngor Cymuned Testford", date(2019, 2, 6), time(19), "Ystafell Ddarllen, Testford"),
    ("A regular meeting of the Township of Testford Council was held on Tuesday, April 18, 2023 starting at 6:30 p.m.\n"
     "The meeting was held in person at the Testford Community Centre, and livestreamed.\n",
     "Township of Testford", date(2023, 4, 18), time(18, 30), "the Testford Community Centre"),
    # a line that names the place with no label, after a logo OCR read as a few letters
    ("MINUTES\nFORMAL MEETING OF TESTFORD TOWN COUNCIL\nOd NZ Town Hall, 12 High Street, Council Chamber\n"
     "Monday, May 5, 2025 - 6:00 p.m.\n", "Testford Town Council", date(2025, 5, 5), time(18),
     "Town Hall, 12 High Street, Council Chamber"),
])
def test_the_opening_names_council_date_time_and_venue_in_any_order(opening, council, day, start, venue):
    m = minutes(opening + "1. Apologies\nNone.\n2. Any Other Business\nNone.\n")

    assert (m.council.value, m.date, m.start_time, m.venue.value if m.venue else None) == (council, day, start, venue)


def test_a_council_the_text_does_not_name_is_named_by_the_address_of_its_page():
    m = minutes("Council - Wednesday, 17th January, 2007 2.00 pm\n\nVenue: Civic Hall\n\n77.\n\nMinutes\n\nMinutes:\n\nNoted.\n",
                url="https://democracy.leeds.gov.uk/ieListDocuments.aspx?CId=111", format="moderngov-web")

    assert (m.council.value, m.body.value, m.start_time) == ("Leeds City Council", "Council", time(14))


# ---------------------------------------------------------------- who attended

def test_a_list_in_columns_with_initials_gives_each_member_and_their_initials():
    m = minutes(OPENING + "PRESENT Rob Boyd (Chair) RB Ray Allan RA\nGwen Dolan GD Carol Ham (SBC) CH\n\n1 Police Report\nNone.\n"
                "2 Minutes\nApproved – RA Seconded – GD\n")

    assert attendance(m) == {"Rob Boyd": ("present", "chair", None, "RB"), "Ray Allan": ("present", None, None, "RA"),
                             "Gwen Dolan": ("present", None, None, "GD")}
    assert [(x.mover.value, x.seconder.value) for x in m.items[1].motions] == [("RA", "GD")]


def test_names_run_together_after_their_titles_are_told_apart():
    m = minutes(OPENING + "Present: Cllr Jim Reed (Vice Chair) Cllr Ann Lee Cllr Tom Hart Helen Moss (Parish Clerk)\n\n"
                "1/25 Apologies. None.\n")

    assert attendance(m) == {"Cllr Jim Reed": ("present", "chair", None, None), "Cllr Ann Lee": ("present", None, None, None),
                             "Cllr Tom Hart": ("present", None, None, None),
                             "Helen Moss": ("officer", None, "Parish Clerk", None)}


@pytest.mark.parametrize("block, officers", [
    ("Director of Finance (Mr. P. Crowe), Senior Engineer, Roads (Ms. T. Knox)",
     {"Mr. P. Crowe": "Director of Finance", "Ms. T. Knox": "Senior Engineer, Roads"}),
    ("Alison Grey (Licensing Manager), Tom Baker (Senior Solicitor)",
     {"Alison Grey": "Licensing Manager", "Tom Baker": "Senior Solicitor"}),
    ("Fire Chief Will Bates; Operations\nSuperintendent Dan Innis and Municipal Clerk-Treasurer Kris Hodge.",
     {"Will Bates": "Fire Chief", "Dan Innis": "Operations Superintendent", "Kris Hodge": "Municipal Clerk-Treasurer"}),
    ("Claire Cann (CC) Retiring Chair, Peter King, Parish Clerk, and 22 members of the public.", {"Peter King": "Parish Clerk"}),
    ("One member of the public\nMr W Gray Clerk and Executive Officer to the Council",
     {"Mr W Gray": "Clerk and Executive Officer to the Council"}),
])
def test_officers_are_read_with_their_posts_in_whichever_order_they_are_written(block, officers):
    m = minutes(OPENING + "Present: Cllr A Smith\n\nIn attendance: " + block + "\n\n1. Apologies\nNone.\n")

    assert {a.name.value: a.job_title for a in m.attendees if a.status == "officer"} == officers


@pytest.mark.parametrize("items, officers", [
    ("1. Finance\nThe Clerk advised that the audit was done.\n2. Payments\ni) Mrs Jane Davies, Clerk’s Salary £450\n",
     {"Mrs Jane Davies": "Clerk"}),
    ("1. Finance\nHysbyswyd gan y Clerc bod yr archwiliad wedi ei wneud.\n2. Taliadau\n"
     "i) Mrs Jane Davies, Cyflog y Clerc £450\n", {"Mrs Jane Davies": "Clerc"}),
    # the Clerk named but never speaking at the meeting, or two people named with the post: no one is read
    ("1. Payments\ni) Mrs Jane Davies, Clerk’s Salary £450\n", {}),
    ("1. Finance\nThe Clerk advised on the audit.\n2. Letters\nMrs Ann Lee, Clerk to Ayton Town Council, wrote.\n", {}),
    ("1. Finance\nThe Clerk reported on the audit.\n2. Payments\nMrs Jane Davies, Clerk’s Salary; "
     "Mr Tom Evans, Clerk’s expenses\n", {}),
])
def test_a_post_that_spoke_was_held_by_the_one_person_named_with_it(items, officers):
    m = minutes(OPENING + "Present: Cllr A Smith\n\n" + items)

    assert {a.name.value: a.job_title for a in m.attendees if a.status == "officer"} == officers


def test_a_present_sentence_ends_where_prose_about_others_begins():
    m = minutes(OPENING + "Present: Cllrs Mill, Reid and Stephenson. County Councillor Anne Dale was in attendance with "
                "members of the public. Also in attendance for part of the meeting was Mrs Jen Hall, Head Teacher and "
                "Mr Colin Weightman MBE and Mr David Pearce of the Beekeepers who gave a talk.\n\n1. Talk\nNone.\n")

    assert [a.name.value for a in m.attendees if a.status == "present"] == ["Mill", "Reid", "Stephenson"]


def test_with_no_chair_named_the_mayor_present_presided():
    m = minutes(OPENING + "Present: Mayor Tom Piper and Councillors Tom Butler and Dave Yemm.\n\n1. Apologies\nNone.\n")

    assert attendance(m)["Mayor Tom Piper"][1] == "chair"


@pytest.mark.parametrize("sentence, names", [
    ("Apologies were accepted for Cllr Sue Lintern, Cllr Donna Stock and Cllr Mandy Lea (all personal reasons).",
     ["Cllr Sue Lintern", "Cllr Donna Stock", "Cllr Mandy Lea"]),
    ("Apologies received from Cllrs. Kim Davies, Hubert Gwynne and Doris Jones.", ["Kim Davies", "Hubert Gwynne", "Doris Jones"]),
    ("It was noted that an apology for absence had been received from Councillor D P Murphy.", ["Councillor D P Murphy"]),
    ("Councillors Gareth Davies and Wyn Evans apologised for their inability to attend the meeting.",
     ["Gareth Davies", "Wyn Evans"]),
    ("Apologies were also received from Cllr Martin Storey, Norfolk County Council.", ["Cllr Martin Storey"]),
])
def test_apologies_in_every_phrasing(sentence, names):
    m = minutes(OPENING + "1. Apologies\n" + sentence + "\n2. Any Other Business\nNone.\n")

    assert [a.name.value for a in m.attendees if a.status == "apologies"] == names


# ---------------------------------------------------------------- items

@pytest.mark.parametrize("line, title", [
    ("135/25 Emergency Evacuation Procedures was read by the Vice Chair.", "Emergency Evacuation Procedures"),
    ("136/25 Openness and Transparency Notice - The Parish Council records the meeting.", "Openness and Transparency Notice"),
    ("137/25 To receive Declarations of Interest from Members on any item to be discussed The following was declared.",
     "To receive Declarations of Interest from Members on any item to be discussed"),
    ("138/25 To Discuss Application for Comment Proposed rear extension at Lodge House.", "To Discuss Application for Comment"),
    ("139/25 Minutes of the Meeting held on 4 April 2025 Parish Councillors confirmed that they had read them.",
     "Minutes of the Meeting held on 4 April 2025"),
    ("140/25 To Note: Asset of Community Value Application Approved", "To Note: Asset of Community Value Application Approved"),
])
def test_a_title_run_into_its_text_ends_where_the_text_begins(line, title):
    m = minutes(OPENING + line + "\n\n141/25 Close of Meeting\n")

    assert m.items[0].title == title


def test_items_numbered_inside_paragraphs_are_found_and_sub_items_are_not_items():
    m = minutes(OPENING + "The Chair welcomed everyone. 1. Election of Chair (chaired by Ann Lee) PW was elected. "
                "2. Apologies for absence: None received. 3. Finance Report 3.1 Bank Mandate - the mandate was updated. "
                "3.2 Insurance - renewed. 4. Close of Meeting. The Chair closed the meeting.\n")

    assert [(i.number, i.title) for i in m.items] == [
        ("1", "Election of Chair"), ("2", "Apologies for absence"), ("3", "Finance Report"), ("4", "Close of Meeting")]


def test_items_lettered_under_a_numbered_item_are_items_unless_a_sentence_introduces_them_as_a_list():
    m = minutes(OPENING + "4. NEW BUSINESS\na. Ordinance to rezone the mill site\nAgreed.\nb. Resolution to buy a mower\n"
                "Agreed.\n5. STAFF REPORTS\nThe Town Manager gave an update on the following matters:\n"
                "a. Road Repairs. The works start in June.\nb. Library Hours. The library opens on Sundays.\n"
                "6. ADJOURN\n")

    assert [i.number for i in m.items] == ["4", "4a", "4b", "5", "6"]


def test_a_page_number_alone_on_its_line_is_not_an_item():
    m = minutes(OPENING + "1.\n\nAdoption of Minutes:\n\nNoted.\n---\n2\n\n2.\n\nSchedule of Meetings:\n\nAgreed.\n---\n3\n\n"
                "Questions submitted by Councillor J. Reed:\n\n3.\n\n“I will ask about the footpaths”.\n\n"
                "It was stated that works were planned.\n\n4.\n\n“I will ask about the signs”.\n\nNoted.\n")

    assert [(i.number, i.title) for i in m.items] == [
        ("1", "Adoption of Minutes"), ("2", "Schedule of Meetings"),
        ("3", "Questions submitted by Councillor J. Reed"), ("4", "Questions submitted by Councillor J. Reed")]


def test_numbered_resolutions_are_the_items_of_minutes_without_an_agenda():
    m = minutes(OPENING + "R2025-011 D. Yemm, S. Kirk:\nThat the minutes of the meeting held April 4, 2025, be adopted. Carried.\n"
                "R2025-012 S. Kirk, D. Yemm:\nTHAT we donate $50.00 to the library.\nCarried.\n")

    assert [i.number for i in m.items] == ["R2025-011", "R2025-012"]
    assert [(x.mover.value, x.seconder.value, x.outcome) for i in m.items for x in i.motions] == [
        ("D. Yemm", "S. Kirk", "carried"), ("S. Kirk", "D. Yemm", "carried")]
    assert [r.text for i in m.items for r in i.resolutions] == [
        "the minutes of the meeting held April 4, 2025, be adopted.", "we donate $50.00 to the library."]
    assert [(x.number, r.number) for i in m.items for x, r in zip(i.motions, i.resolutions)] == [
        ("R2025-011", "R2025-011"), ("R2025-012", "R2025-012")]


def test_numbered_resolutions_under_headings_without_numbers_are_parts_of_the_heading_they_follow():
    text = (OPENING + "Present: Mayor Tom Piper and Councillors Tom Butler and Dave Yemm.\n"
            "Disclosure of pecuniary interest: None.\nCorrespondence:\n"
            "R2025-011 D. Yemm, T. Butler:\nThat we accept the correspondence as presented. Carried.\n"
            "R2025-012 T. Butler, D. Yemm:\nWHEREAS the county proposes new charges;\n"
            "NOW THEREFORE we oppose the charges. Defeated.\n"
            "R2025-013 T. Butler, D. Yemm:\nTHAT the meeting be adjourned.\nCarried.\n")
    graph = convert(Source(text.encode(), "t.txt"), Iris("http://t.example/")).graph

    def ask(question: str) -> list:
        return list(graph.query((ROOT / "ontology" / "competency" / f"{question}.rq").read_text(encoding="utf-8")))

    assert [(r.number, str(r.title)) for r in ask("items")] == [(None, "Disclosure of pecuniary interest"),
                                                                 (None, "Correspondence")]
    assert [(r.itemNumber, str(r.resolutionNumber), str(r.moverName), str(r.outcome)) for r in ask("motions")] == [
        (None, "R2025-011", "Dave Yemm", "carried"), (None, "R2025-012", "Tom Butler", "lost"),
        (None, "R2025-013", "Tom Butler", "carried")]
    assert [(str(r.resolutionNumber), str(r.text)) for r in ask("resolutions")] == [
        ("R2025-011", "we accept the correspondence as presented."), ("R2025-013", "the meeting be adjourned.")]
    assert {str(r.motion).rsplit("/", 3)[-3] for r in ask("motions")} == {"position-2"}


def test_numbered_resolutions_run_in_with_their_movers_are_under_the_heading_before_them_however_late_it_comes():
    m = minutes(OPENING + "Present: Mayor Tom Piper, Councillors Linda Andersen and Liz Smith.\n"
                "Disclosure of pecuniary interest:  None.\nLibrary Budget:\nThe library board presented its budget.\n"
                "R2025-077\tL. Smith, L. Andersen:  That we approve the library budget as presented.  Carried.\n"
                "R2025-078\tL. Andersen, L. Smith:  BE IT RESOLVED:\n1. That this Council approves the sale.\n"
                "2. That the applicant pays the costs.  Carried.\nMinutes – April 9, 2025 – Page 2\n"
                "Committee Reports:\nLinda Andersen – Museum Board\n"
                "R2025-079\tL. Smith, L. Andersen:  That we accept the correspondence as presented.  Carried.\n"
                "R2025-080\tL. Andersen, L. Smith:  That the meeting be adjourned.  Time: 8:38 p.m.  Carried.\n"
                "  Mayor:\n  Clerk:\n")

    assert [(i.number, i.title, [x.number for x in i.motions]) for i in m.items] == [
        (None, "Disclosure of pecuniary interest", []), (None, "Library Budget", ["R2025-077", "R2025-078"]),
        (None, "Committee Reports", ["R2025-079", "R2025-080"])]
    assert [(x.mover.value, x.seconder.value, x.outcome) for x in m.items[1].motions] == [
        ("L. Smith", "L. Andersen", "carried"), ("L. Andersen", "L. Smith", "carried")]
    assert [(r.number, r.text) for r in m.items[2].resolutions] == [
        ("R2025-079", "we accept the correspondence as presented."),
        ("R2025-080", "the meeting be adjourned. Time: 8:38 p.m.")]


def test_minutes_numbered_by_year_and_number_are_not_numbered_by_resolutions_without_motions():
    m = minutes(OPENING + "Present: Councillors Tom Butler and Dave Yemm.\nApologies:\n"
                "135/19 Planning: The committee considered two applications.\n"
                "136/19 Finance: The accounts were approved.\n")

    assert [(i.number, i.title) for i in m.items] == [("135/19", "Planning"), ("136/19", "Finance")]
    assert not any(x.number for i in m.items for x in (*i.motions, *i.resolutions))


def test_business_under_headings_before_the_numbering_is_items_without_numbers():
    text = (OPENING + "Present: Mayor Tom Piper and Councillors Tom Butler and Dave Yemm.\n"
            "Guests: Eric Pierre, D.M. Wills\nDisclosure of pecuniary interest: None.\nCommittee Reports:\n"
            "Mayor Tom Piper: Housing Board.\nStaff Report: Short Term Accommodations – Options from the Administrator.\n"
            "R2025-011 D. Yemm, T. Butler:\nThat the minutes be adopted. Carried.\n")
    iris = Iris("http://t.example/")
    graph = convert(Source(text.encode(), "t.txt"), iris).graph
    query = (ROOT / "ontology" / "competency" / "items.rq").read_text(encoding="utf-8")

    items = [(str(r.item).rsplit("/", 1)[-1], r.number and str(r.number), str(r.title)) for r in graph.query(query)]
    assert items == [("position-1", None, "Disclosure of pecuniary interest"), ("position-2", None, "Committee Reports"),
                     ("position-3", None, "Staff Report: Short Term Accommodations – Options")]
    assert (None, OM.noInterestsDeclared, Literal(True)) in graph
    assert set(convert(Source(text.encode(), "t.txt"), iris).graph) == set(graph)


@pytest.mark.parametrize("line", ["Clerk: Mrs J Smith", "Public: 3", "Time: 7.30 pm", "Resolved: That the bench be moved.",
                                  "Cllr Tom Butler: asked about the bins.", "Tom Butler: asked about the bins.",
                                  "The Chairman reported as follows:"])
def test_a_line_with_a_colon_that_names_no_business_is_no_item(line):
    m = minutes(OPENING + "Present: Councillors Tom Butler and Dave Yemm.\n" + line + "\n1. Apologies\nNone.\n")

    assert [i.number for i in m.items] == ["1"]


# ---------------------------------------------------------------- what was decided

@pytest.mark.parametrize("sentences, decisions", [
    ("It was proposed by Cllr. P. Harries, seconded by Cllr. W. Loynton and unanimously agreed that the minutes were correct.",
     ["the minutes were correct."]),
    ("The Risk Assessment for 2025/26, as previously circulated, was unanimously approved.",
     ["The Risk Assessment for 2025/26, as previously circulated, was unanimously approved."]),
    ("The Parish Council had no objections or comments.", ["The Parish Council had no objections or comments."]),
    ("Handyman 32.00 0.00 32.00 Totals 866.63 3.80 870.43 The payments were agreed, Cllr Jan Taylor abstained.",
     ["The payments were agreed, Cllr Jan Taylor abstained."]),
    ("PW was proposed as Chairman by LH and seconded by PK. PW thanked the members.",
     ["PW was proposed as Chairman by LH and seconded by PK."]),
    ("The CC was sympathetic to the cause and decided to look further into the right of way.",
     ["The CC was sympathetic to the cause and decided to look further into the right of way."]),
    ("ii) Ystyriwyd y ceisiadau ac, yn unol â pholisi’r Cyngor, cytunwyd ar y rhoddion canlynol.",
     ["Ystyriwyd y ceisiadau ac, yn unol â pholisi’r Cyngor, cytunwyd ar y rhoddion canlynol."]),
    ("It was agreed that the Clerk would write to the owner.", []),
    ("It was agreed that Cllr. G. Evans would represent the Council on the forum.",
     ["It was agreed that Cllr. G. Evans would represent the Council on the forum."]),
    ("HL had discussions and it was confirmed that speed limits could not change.", []),
    ("April 2, 2025; Approved as presented", ["April 2, 2025; Approved as presented"]),
    ("With no objection, the Town Council concurred with the nomination of Ms. Rivera.",
     ["With no objection, the Town Council concurred with the nomination of Ms. Rivera."]),
])
def test_decisions_recorded_as_agreed_or_approved_are_resolutions_and_things_to_do_are_not(sentences, decisions):
    m = minutes(OPENING + "1. Business\n" + sentences + "\n2. Close\n")

    assert [r.text for r in m.items[0].resolutions] == decisions


def test_a_decision_with_a_named_abstention_is_a_vote_carried():
    m = minutes(OPENING + "1. Payments\nThe payments were agreed, Cllr Jan Taylor abstained.\n2. Close\n")

    (motion,) = m.items[0].motions
    assert (motion.outcome, motion.abstentions, [(v.name.value, v.option) for v in motion.votes]) == (
        "carried", 1, [("Cllr Jan Taylor", "abstain")])


def test_an_action_is_who_is_to_do_what():
    m = minutes(OPENING + "1. Benches\nIt was agreed that Cllr Ann Lee would order the benches.\n2. Close\n")

    assert [(a.assignee.value, a.text) for a in m.items[0].actions] == [("Cllr Ann Lee", "Cllr Ann Lee would order the benches")]


def test_amendments_put_and_lost_are_motions_with_their_counts_for_and_against():
    m = minutes(OPENING + "1. Budget\nThe amendment by the Labour Group as set out was lost by 47 votes to 17.\n"
                "The amendment by the Green Group was lost by 56 votes 2, with 1 abstention.\n"
                "The substantive motion as set out was carried 31 votes to 29.\n2. Close\n")

    assert [(x.amendment, x.outcome, x.votes_for, x.votes_against, x.abstentions) for x in m.items[0].motions] == [
        (True, "lost", 17, 47, None), (True, "lost", 2, 56, 1), (False, "carried", 31, 29, None)]


@pytest.mark.parametrize("before, items, under", [
    ("3. APPOINTMENTS\na. Library Board\nThe Town Council concurred with the appointment.\nCONSENT AGENDA\n", "4a and 4b", "4"),
    ("3. APPOINTMENTS\na. Library Board\nCONSENT AGENDA\n", "4", "4"),
    # not only the items just after it; not under a heading of its own; a numbered item of its own
    ("3. APPOINTMENTS\na. Library Board\nCONSENT AGENDA\n", "4 and 6", "3a"),
    ("3. APPOINTMENTS\na. Library Board\n", "4a and 4b", "3a"),
    ("3. CONSENT AGENDA\n", "4a and 4b", "3"),
])
def test_a_motion_under_a_heading_with_no_number_on_the_items_just_after_it_is_theirs(before, items, under):
    m = minutes(OPENING + before + f"Councilmember Ruiz moved, seconded by Councilmember Park, to approve agenda items "
                f"{items}. The motion carried unanimously.\n4. ORDINANCES - Second Reading\n"
                "a. Ordinance to annex the mill site\nb. Ordinance to fund a mower\n5. ADJOURN\n6. NOTES\n")

    motions = {i.number: [(x.mover.value, x.outcome) for x in i.motions] for i in m.items if i.motions}
    carried = {i.number for i in m.items for r in i.resolutions if "Councilmember Ruiz moved" in r.text}
    assert motions == {under: [("Councilmember Ruiz", "carried")]}
    assert carried == ({under} if "concurred" not in before or under == "4" else set())


# ---------------------------------------------------------------- interests

def test_interests_listed_one_a_line_are_declarations_in_the_item_they_name():
    m = minutes(OPENING + "1. Declarations of Interest\n"
                "Members declared personal interests in minute 3 of this meeting as follows:\n"
                "  Wilkinson - Member of Wetherby Town Council\n  G Hyde - Member of ALMO\n"
                "2. Minutes\nNoted.\n3. Housing\nNoted.\n")

    assert [(d.name.value, d.item_number, d.kind) for d in m.declarations] == [
        ("Wilkinson", "3", "non-registrable"), ("G Hyde", "3", "non-registrable")]


def test_an_interest_declared_again_in_a_later_item_is_one_declaration_in_that_item():
    m = minutes(OPENING + "1. DECLARATIONS OF INTEREST\nCllr. O. Williams – Site SR/147/001 (Landowner)\n"
                "2. CANDIDATE SITES\nCllr. O. Williams again declared an interest in SR/147/001, left the room and did not vote.\n")

    assert [(d.name.value, d.item_number, d.action) for d in m.declarations] == [("Cllr. O. Williams", "2", "left the room")]


def test_an_interest_in_a_planning_application_is_in_the_item_that_lists_it():
    m = minutes(OPENING + "1. DECLARATIONS OF INTEREST\nCllr. J. Davies declared an interest in Planning Application E/40554.\n"
                "2. PLANNING\nE/40554 Barn conversion, Cwmifor - NO OBJECTIONS\n")

    assert [(d.name.value, d.item_number) for d in m.declarations] == [("Cllr. J. Davies", "2")]


# ---------------------------------------------------------------- next meeting and people

def test_the_date_on_the_signature_line_is_the_next_meeting_when_none_is_announced():
    m = minutes(OPENING + "1. Any Other Business\nNone.\n………………13th May 2025\nCHAIRPERSON")

    assert m.next_meeting.date == date(2025, 5, 13)


def test_initials_and_names_of_a_member_resolve_to_one_person_and_a_namesake_officer_stays_apart():
    text = (OPENING + "PRESENT Paul Priestman PP Gwen Collins GC\n\nIn attendance: Mr. M. Collins (Executive Engineer)\n\n"
            "1. Minutes\nThe Minutes were approved. Proposed by PP and seconded by GC.\n")
    graph = convert(Source(text.encode(), "t.txt"), Iris("http://t.example/")).graph

    movers = {str(graph.value(person, OM.name)) for person in graph.objects(None, OM.mover)}
    people = {str(name) for name in graph.objects(None, OM.name) if "Collins" in name}
    assert movers == {"Paul Priestman"}
    assert people == {"Gwen Collins", "M Collins"}


def test_an_interest_in_an_item_the_minutes_do_not_record_keeps_its_number_and_one_recorded_links_to_it():
    text = (OPENING + "1. Declarations of Interest\n"
            "Members declared personal interests in minute 7 of this meeting as follows:\n"
            "  Wilkinson - Member of Wetherby Town Council\n"
            "Councillor Hyde declared a personal interest in item 2.\n"
            "2. Housing\nNoted.\n")
    graph = convert(Source(text.encode("utf-8"), "test.txt"), Iris("http://example.org/")).graph
    question = (Path(__file__).parents[1] / "ontology" / "competency" / "declarations.rq").read_text()

    rows = {(str(r.name), str(r.itemNumber)) for r in graph.query(question)}
    assert rows == {("Wilkinson", "7"), ("Hyde", "2")}
    cited = {str(number) for number in graph.objects(None, OM.citedItemNumber)}
    assert cited == {"7"}


@pytest.mark.parametrize("written", ["Cynghorydd Sir Joseph Davies", "Cynghorydd Joseph Davies", "Cyng. Joseph Davies",
                                     "County Councillor Joseph Davies", "Cllr Joseph Davies"])
def test_welsh_and_english_titles_of_a_councillor_are_not_part_of_the_name(written):
    assert parse_name(written) == parse_name("Joseph Davies")


@pytest.mark.parametrize("line", ["Next meeting: Tuesday, May 13, 2025 at 7:00 p.m.",
                                  "Date of the next meeting – Tuesday 13th May 2025 at 7pm",
                                  "The next meeting will be held on Tuesday 13th May 2025 at 7.00pm"])
def test_the_next_meeting_in_a_sentence_or_after_a_label(line):
    m = minutes(OPENING + "1. Any Other Business\nNone.\n" + line + "\n")

    assert (m.next_meeting.date, m.next_meeting.start_time) == (date(2025, 5, 13), time(19))


def test_a_post_given_a_task_with_no_holder_named_attended_as_an_officer_with_no_name():
    text = (OPENING + "PRESENT: Cllr A. Jones (Chair), Cllr B. Hughes\n\n1. Planning\n"
            "The observations were agreed.\nClerk to submit the observations to the County Council.\n")
    graph = convert(Source(text.encode("utf-8"), "test.txt"), Iris("http://example.org/")).graph
    question = (Path(__file__).parents[1] / "ontology" / "competency" / "officers.rq").read_text()

    assert [(r.name, str(r.role)) for r in graph.query(question)] == [(None, "Clerk")]
    assert validate(graph).conforms


def test_a_post_that_spoke_is_held_by_the_one_person_named_with_it_not_an_unnamed_officer():
    text = (OPENING + "PRESENT: Cllr A. Jones (Chair), Cllr B. Hughes\n\n1. Finance\n"
            "The Clerk advised that the precept had been received.\nPayments: Mrs Jane Davies, Clerk's Salary £300.\n")
    graph = convert(Source(text.encode("utf-8"), "test.txt"), Iris("http://example.org/")).graph
    question = (Path(__file__).parents[1] / "ontology" / "competency" / "officers.rq").read_text()

    assert [(str(r.name), str(r.role)) for r in graph.query(question)] == [("Jane Davies", "Clerk")]


@pytest.mark.parametrize("sentence, post", [
    ("Cllr B. Hughes asked the City Attorney whether the amendment applied to item 2.", "City Attorney"),
    ("The Chair thanked the Clerk for arranging the hall.", "Clerk"),
    ("The Town Clerk advised that the grant had been paid.", "Town Clerk"),
])
def test_a_post_addressed_or_speaking_at_the_meeting_attended_as_an_officer_with_no_name(sentence, post):
    text = OPENING + "PRESENT: Cllr A. Jones (Chair), Cllr B. Hughes\n\n1. Grants\n" + sentence + "\n"
    graph = convert(Source(text.encode("utf-8"), "test.txt"), Iris("http://example.org/")).graph
    question = (Path(__file__).parents[1] / "ontology" / "competency" / "officers.rq").read_text()

    assert [(r.name, str(r.role)) for r in graph.query(question)] == [(None, post)]


SIGNED = (OPENING + "PRESENT: Cllr A. Jones (Chair), Cllr B. Hughes, Cllr C. Price\n\n1. Grants\n"
          "Ms. DeWitt advised that the grant had been paid.\n2. Adjourn\nThe meeting closed at 8.10pm.\n")


@pytest.mark.parametrize("signatures, officers", [
    ("ALICE JONES, CHAIR\nATTEST:\nMARY T. DEWITT, MMC, Certified PLS\nTOWN CLERK\n", [("Mary T DeWitt", "Town Clerk")]),
    ("Alice Jones, Chair\nMary DeWitt, Clerk to the Council\nPage 2\n", [("Mary DeWitt", "Clerk to the Council")]),
    # a member who signs as secretary is a member still; a mayor's signature is no officer's
    ("C. PRICE\nSECRETARY\n", []),
    ("ALICE JONES, MAYOR\n", []),
])
def test_the_officer_who_attests_the_minutes_at_their_end_attended_in_that_post(signatures, officers):
    graph = convert(Source((SIGNED + signatures).encode("utf-8"), "test.txt"), Iris("http://example.org/")).graph
    question = (Path(__file__).parents[1] / "ontology" / "competency" / "officers.rq").read_text()

    assert [(str(r.name), str(r.role)) for r in graph.query(question)] == officers
    assert validate(graph).conforms


@pytest.mark.parametrize("start, end", [(0, None), (5, 40), (9, 31), (8, 46)])
def test_words_found_where_re_finds_them(start, end):
    """``Words`` finds cue words with str.find; whole words only where ``\\b`` would have them, at the ends too."""
    text = "said: unsaid, said_ x said2 é-said, noted saidé noted.said ’said’ asked"
    end = len(text) if end is None else end
    whole = Words("said", "noted", "asked", whole=True)
    assert whole.spans(text, start, end) == [m.span() for m in re.compile(rf"\b{whole.pattern}\b").finditer(text, start, end)]
    part = Words("said", "noted")
    assert part.spans(text, start, end) == [m.span() for m in re.compile(part.pattern).finditer(text, start, end)]


# Each guard, the letters its pattern's matches begin with, as it is written before the pattern.
GUARDED = [(prose.DECIDED, "(?=[IiwTPCDBMmpcA]|^)"), (prose.CHAIR, "(?=[A-Zcm])"),
           (prose.NEXT_MEETING, "(?-i:(?=[TtDdNn]))")]
# A sentence for each branch of the guarded patterns, beside the minutes we have (add one with a new branch)
BRANCHES = """It was agreed to write. The minutes were approved. The Council resolved to act. The Committee had no
objections. Proposed by Cllr Bell and agreed. Cytunwyd. Approved as submitted. Board concurred with the plan.
Approved – the budget. Carried - yes. members of Testford Parish Council agreed to help.
Cllr Ann Bell took the chair. The meeting was chaired by Cllr Ann Bell. Cymerwyd y Gadair gan Cllr Ann Bell.
Cllr Ann Bell (Chair) presided. The next meeting will be held on 5 May 2025. Date of next meeting: 5 May 2025.
next meeting - 5 May 2025.
"""


@pytest.mark.parametrize("pattern, guard", GUARDED, ids=["DECIDED", "CHAIR", "NEXT_MEETING"])
def test_a_guard_turns_away_no_place_where_its_pattern_matches(pattern, guard, shared_dir):
    """A branch added to a guarded pattern that begins with a letter its guard lacks would never match: the
    pattern finds the same without its guard in every text of minutes we have."""
    assert pattern.pattern.startswith(guard)
    unguarded = re.compile(pattern.pattern.removeprefix(guard), pattern.flags)
    texts = [BRANCHES] + [read(Source.from_path(p))[1].text for p in sorted((ROOT / "samples").iterdir()) if p.is_file()]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(shared_dir.glob("**/*.txt"))]
    found = [m.span() for text in texts for m in pattern.finditer(text)]
    assert found == [m.span() for text in texts for m in unguarded.finditer(text)]
    assert found
