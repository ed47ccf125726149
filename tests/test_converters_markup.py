"""Web pages read as a browser shows them, and HTML a scraper stored inside
JSON or XML taken out of its wrapping first."""

from __future__ import annotations

import json

from converters.markup import HTML_MEDIA_TYPE, TEXT_MEDIA_TYPE, readable, render


def test_blocks_end_lines_and_cells_are_separated():
    text = render("<div><p>One <b>two</b></p><p>three</p><table><tr><td>a</td><td>b</td></tr></table></div>")

    assert text == "One two\n\nthree\n\na\tb\n"


def test_a_top_level_ordered_list_numbers_its_items_and_nested_lists_do_not():
    text = render("<ol><li><h4>WELCOME</h4><p>Hello.</p><ol><li>first</li><li>second</li></ol></li>"
                  "<li><h4>MINUTES</h4></li></ol>")

    assert text.splitlines()[0] == "1. WELCOME"
    assert "2. MINUTES" in text.splitlines()
    assert "first" in text.splitlines() and "1. first" not in text


def test_struck_out_text_scripts_and_styles_are_left_out():
    text = render("<p>Paid <del>£168.00 cancelled</del> £50.00</p><script>var x = 1;</script><style>p {}</style>")

    assert text == "Paid £50.00\n"


def test_the_page_title_comes_first_because_it_may_alone_name_the_council():
    text = render("<html><head><title>Agenda - Kestrel Moor District Council</title></head><body><p>Hi</p></body></html>")

    assert text.startswith("Agenda - Kestrel Moor District Council\n\nHi")


def test_entities_are_decoded_and_white_space_folded():
    assert render("<p>Fish&nbsp;&amp;\n   chips&#8217;</p>") == "Fish\u00a0& chips’\n"


def test_plain_text_with_a_few_tags_stays_plain_text():
    text = "1.\n\nAdoption of Minutes:\n\n<span style='display:none'>x</span> <span>y</span> <span>z</span>\n"

    assert readable(text) == (text, TEXT_MEDIA_TYPE)


def test_html_escaped_inside_json_is_found_and_rendered():
    page = "<html><body><h1>Agenda and minutes</h1><p>Present:</p><p>Councillor A Smith</p><div>x</div></body></html>"
    scrape = json.dumps({"url": "https://example.org/", "status": 200, "body": page})

    text, media_type = readable(scrape)

    assert media_type == HTML_MEDIA_TYPE
    assert text.splitlines()[:3] == ["Agenda and minutes", "", "Present:"]


def test_html_escaped_inside_truncated_xml_is_found_and_rendered():
    scrape = ('<?xml version="1.0"?>\n<document><body>&lt;p class=&quot;mgAiTitleTxt&quot;&gt;1.&lt;/p&gt;'
              '&lt;p class=&quot;mgAiTitleTxt&quot;&gt;Apologies for Absence&lt;/p&gt;&lt;div&gt;Minutes:')

    text, media_type = readable(scrape)

    assert media_type == HTML_MEDIA_TYPE
    assert "1.\n\nApologies for Absence" in text and "&lt;" not in text
