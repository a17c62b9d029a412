"""Checks of the learner and instructor material that the Workbench cannot check itself.

* the setup page installs exactly the packages of environment.yml and links the setup checker;
* the workshop schedules add up to the episodes' front-matter timings, so a change of timing in
  an episode fails here until the schedules are updated;
* the instructor notes have a section for every episode;
* the glossary has at least 40 terms, each defined briefly and used in an episode;
* the learner profiles, CITATION.cff, LICENSE.md and CODE_OF_CONDUCT.md have what they need.

Pages are read with the lesson's parser (`lessonkit.markdown.parse_page`); the Workbench lint of
every page is tests/test_lint.py's.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from lessonkit.environment import environment_yml, learner_pip
from lessonkit.lesson import Lesson
from lessonkit.markdown import Page, parse_page
from lessonkit.notebooks import site_url

ROOT = Path(__file__).resolve().parent.parent
LESSON = Lesson.load(ROOT)
SETUP = ROOT / "learners" / "setup.md"
REFERENCE = ROOT / "learners" / "reference.md"
NOTES = ROOT / "instructors" / "instructor-notes.md"
SCHEDULE = ROOT / "instructors" / "schedule.md"
CHECKER = ROOT / "episodes" / "files" / "check_setup.py"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def front_matter(path: Path) -> dict:
    page = parse_page(path)
    assert page.meta_end_line, f"{path.relative_to(ROOT)} has no YAML front matter"
    return page.meta


def episodes() -> list[Path]:
    return LESSON.pages("episodes")


def episode_minutes(path: Path) -> int:
    """What the instructor view's schedule counts for an episode: teaching + exercises + break."""
    meta = front_matter(path)
    return sum(int(meta.get(key) or 0) for key in ("teaching", "exercises", "break"))


def sections(page: Page) -> dict[str, tuple[int, int]]:
    """{title: (first line, last line)} of the page's level-2 sections, heading line included."""
    level2 = [h for h in page.headings if h.level <= 2]
    ends = [h.line - 1 for h in level2[1:]] + [len(page.text.splitlines())]
    return {h.text: (h.line, end) for h, end in zip(level2, ends)}


# --- setup page ------------------------------------------------------------------------------


def test_setup_pip_command_installs_environment_yml():
    """The pip route installs the same packages, with the same version ranges, as the conda route."""
    commands = [(block.lang, line) for block in parse_page(SETUP).blocks for line in block.source.splitlines()
                if line.startswith("python -m pip install") and "tensorflow" in line and "[" not in line]
    assert [lang for lang, _line in commands] == ["bash"], commands
    quoted = re.findall(r'"([^"]+)"', commands[0][1])
    assert quoted == learner_pip(ROOT)


def test_setup_gpu_command_uses_the_same_tensorflow_range():
    tensorflow = next(r for r in learner_pip(ROOT) if r.startswith("tensorflow"))
    spec = tensorflow[len("tensorflow"):]
    assert f'"tensorflow[and-cuda]{spec}"' in read(SETUP)


def test_setup_names_environment_and_python_of_environment_yml():
    env = environment_yml(ROOT)
    text = read(SETUP)
    assert "conda env create -f environment.yml" in text
    assert f"conda activate {env['name']}" in text
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert f"tested with Python {python.split('=')[1]}" in text


def test_setup_links_and_runs_the_checker():
    text = read(SETUP)
    assert "[the setup checker](files/check_setup.py)" in text
    assert CHECKER.exists()
    assert "\npython check_setup.py\n" in text
    assert "\npython check_setup.py --download\n" in text


def test_setup_names_the_cache_files_the_checker_checks():
    text = read(SETUP)
    checker = read(CHECKER)
    for constant in ("WEATHER_FILE", "CIFAR10_ARCHIVE", "CIFAR10_FOLDER"):
        value = re.search(rf'^{constant} = "([^"]+)"', checker, re.M).group(1)
        assert f"`{value}" in text, f"setup.md does not name {value}"


def test_setup_downloads_are_relative_links_to_files_in_the_lesson():
    """environment.yml and the checker are lesson downloads (episodes/files/, published as files/), linked
    relatively, so they work in a fork, a preview and the published site alike."""
    page = parse_page(SETUP)
    for name in ("environment.yml", "check_setup.py"):
        targets = {link.target for link in page.links if link.target.endswith(name)}
        assert targets == {f"files/{name}"}, f"{name} is linked as {targets}"
        assert (ROOT / "episodes" / "files" / name).is_file()
    assert not (ROOT / "environment.yml").exists(), "one copy of environment.yml: episodes/files/environment.yml"
    for link in page.links:
        assert "raw.githubusercontent.com" not in link.target, f"{page.where(link.line)}: {link.target}"
    for block in page.blocks:
        assert "raw.githubusercontent.com" not in block.source and "wget" not in block.source, page.where(block.line)


WINDOWS_ONLY = re.compile(r"%\w+%|\$HOME\\|\\Scripts\\|\.ps1\b")


def test_windows_commands_are_fenced_with_their_own_language():
    """Command Prompt blocks are `cmd`, PowerShell blocks `powershell`: not bash, which would label them BASH
    and colour backslashes as escapes."""
    blocks = [b for b in parse_page(SETUP).blocks if WINDOWS_ONLY.search(b.source)]
    assert blocks, "the setup page has no Windows commands"
    for block in blocks:
        want = "powershell" if re.search(r"\.ps1\b|\$HOME", block.source) else "cmd"
        assert block.lang == want, f"learners/setup.md:{block.line}: fence this block as {want}, not {block.lang!r}"
    assert {b.lang for b in blocks} == {"cmd", "powershell"}


def test_setup_has_a_section_per_operating_system():
    page = parse_page(SETUP, read(SETUP))
    tabs = [h.text for h in page.headings if "group-tab" in h.divs]
    for system in ("Windows", "macOS", "Linux"):
        assert tabs.count(system) == 2, f"{system}: one tab for conda and one for pip"
    headings = {h.text for h in page.headings}
    for section in ("Data Sets", "Software Setup", "Check your setup", "Without administrator rights",
                    "Optional: using a GPU", "Working in the cloud"):
        assert section in headings


def test_index_has_prerequisites_and_datasets():
    page = parse_page(ROOT / "index.md", read(ROOT / "index.md"))
    assert any(d.cls == "prereq" for d in page.divs)
    text = read(ROOT / "index.md")
    for episode in episodes():
        assert f"(episodes/{episode.name})" in text, f"index.md does not link {episode.name}"
    for doi in ("10.5281/zenodo.3960218", "10.5281/zenodo.4980359"):
        assert doi in text


# --- schedules -------------------------------------------------------------------------------

EPISODE_LINK = re.compile(r"\]\(\.\./episodes/([^)#]+\.md)")


def table_rows(page: Page) -> list[tuple[int, list[str]]]:
    """(line, cells as Markdown source) of every body row of every table, from the parser's tokens."""
    rows: list[tuple[int, list[str]]] = []
    in_body = False
    for tok in page.tokens:
        if tok.type in ("tbody_open", "tbody_close"):
            in_body = tok.type == "tbody_open"
        elif in_body and tok.type == "tr_open":
            rows.append((tok.map[0] + 1, []))
        elif in_body and tok.type == "inline":
            rows[-1][1].append(tok.content.strip())
    return rows


def schedule_tables() -> dict[str, dict[str, list[tuple[int, str, int | None]]]]:
    """{variant (## heading): {day or session (### heading): [(start minute, text, minutes)]}}.

    Every row of a table under a day is `| HH:MM | session | minutes |` (no minutes on the last)."""
    page = parse_page(SCHEDULE)
    variants: dict[str, dict[str, list]] = {}
    events = sorted([(h.line, h) for h in page.headings] + table_rows(page), key=lambda e: e[0])
    variant = day = None
    for line, item in events:
        if not isinstance(item, list):  # a heading
            if item.level == 2:
                variant, day = item.text, None
                variants[variant] = {}
            elif item.level == 3 and variant:
                day = item.text
                variants[variant][day] = []
        elif day:
            assert len(item) == 3, f"{page.where(line)}: a schedule row has 3 columns: {item}"
            start, text, length = item
            clock = re.fullmatch(r"(\d{1,2}):(\d{2})", start)
            assert clock and re.fullmatch(r"\d*", length), f"{page.where(line)}: | HH:MM | session | minutes |"
            variants[variant][day].append((int(clock[1]) * 60 + int(clock[2]), text, int(length) if length else None))
    return {v: days for v, days in variants.items() if any(days.values())}


def test_schedule_states_the_lessons_total_time():
    stated = re.search(r"The lesson takes (\d+) minutes of teaching and exercises", read(SCHEDULE))
    assert stated and int(stated.group(1)) == sum(episode_minutes(p) for p in episodes())


def test_schedule_has_two_days_and_four_half_days():
    tables = schedule_tables()
    assert len(tables) == 2, list(tables)
    counts = sorted(len(days) for days in tables.values())
    assert counts == [2, 4], {v: list(days) for v, days in tables.items()}


@pytest.mark.parametrize("variant", ["two days", "four half days"])
def test_schedule_adds_up_to_the_episode_timings(variant):
    """Per episode, the schedule's minutes equal teaching + exercises (+ break) in its front matter."""
    tables = schedule_tables()
    days = next(d for v, d in tables.items() if len(d) == (2 if variant == "two days" else 4))
    planned: dict[str, int] = {}
    for rows in days.values():
        for _start, text, length in rows:
            for name in EPISODE_LINK.findall(text):
                planned[name] = planned.get(name, 0) + (length or 0)
    expected = {p.name: episode_minutes(p) for p in episodes()}
    assert planned == expected, "update instructors/schedule.md to the episodes' front matter"


@pytest.mark.parametrize("variant", ["two days", "four half days"])
def test_schedule_clock_times_follow_from_the_minutes(variant):
    tables = schedule_tables()
    days = next(d for v, d in tables.items() if len(d) == (2 if variant == "two days" else 4))
    longest = 8 * 60 if variant == "two days" else 4 * 60 + 15
    for day, rows in days.items():
        assert rows[-1][2] is None, f"{day}: the last row is the end of the day, without minutes"
        assert all(length for _s, _t, length in rows[:-1]), f"{day}: every row but the last needs minutes"
        for (start, text, length), (next_start, next_text, _l) in zip(rows, rows[1:]):
            assert start + length == next_start, f"{day}: '{text}' + {length} min does not reach '{next_text}'"
        assert rows[-1][0] - rows[0][0] <= longest, f"{day} is longer than {longest} minutes"


def test_schedule_has_a_break_at_least_every_hundred_minutes():
    for variant, days in schedule_tables().items():
        for day, rows in days.items():
            since_break = 0
            for _start, text, length in rows[:-1]:
                if re.search(r"\b(break|lunch)\b", text, re.I):
                    since_break = 0
                else:
                    since_break += length
                    assert since_break <= 100, f"{variant}, {day}: no break before '{text}'"


def test_instructor_notes_link_both_schedules_and_cover_every_episode():
    text = read(NOTES)
    assert "(schedule.md)" in text
    headings = [h for h in parse_page(NOTES, text).headings if h.level == 2]
    for episode in episodes():
        title = front_matter(episode)["title"]
        assert any(title in h.text for h in headings), f"instructor-notes.md has no section '{title}'"
    for topic in ("GPU", "cloud"):
        assert any(topic.lower() in h.text.lower() for h in headings), f"no section on {topic}"


def test_instructor_notes_state_the_front_matter_timings():
    """'[The episode](../episodes/X.md): N minutes of teaching, M of exercises.' must stay true."""
    stated = re.findall(r"\(\.\./episodes/([^)]+\.md)\): (\d+) minutes of teaching, (\d+) of exercises",
                        read(NOTES))
    assert len(stated) == len(episodes())
    for name, teaching, exercises in stated:
        meta = front_matter(ROOT / "episodes" / name)
        assert (int(teaching), int(exercises)) == (meta["teaching"], meta["exercises"]), name


def test_schedules_break_episodes_where_the_notes_say():
    """An episode split over two sessions is split where the instructor notes put its break."""
    notes = parse_page(NOTES)
    for days in schedule_tables().values():
        rows = [(text, length) for table in days.values() for _s, text, length in table]
        for episode in episodes():
            parts = [length for text, length in rows if f"../episodes/{episode.name})" in text]
            if len(parts) < 2:
                continue
            first, last = next((first, last) for first, last in sections(notes).values() if any(
                link.target == f"../episodes/{episode.name}" and first <= link.line <= last for link in notes.links))
            break_at = re.search(r"\(about (\d+) minutes in\)", "\n".join(notes.text.splitlines()[first - 1:last]))
            assert break_at, f"instructor notes give no break point for {episode.name}"
            assert parts[0] == int(break_at.group(1)), episode.name


# --- glossary --------------------------------------------------------------------------------


def glossary() -> list[tuple[str, str]]:
    """(term, definition) of each entry of the definition list under '## Glossary', from the parser."""
    page = parse_page(REFERENCE)
    assert "Glossary" in sections(page), "learners/reference.md has no '## Glossary'"
    first, last = sections(page)["Glossary"]
    tokens = [tok for tok in page.tokens if tok.map and first <= tok.map[0] + 1 <= last]
    entries, term = [], None
    for i, tok in enumerate(tokens):
        if tok.type == "dt_open":
            term = tokens[i + 1].content.strip()
        elif tok.type == "dd_open":
            assert term, f"{page.where(tok.map[0] + 1)}: definition without a term"
            parts = [t.content for t in tokens[i + 1:] if t.type == "inline" and tok.map[0] <= t.map[0] < tok.map[1]]
            entries.append((term, " ".join(line.strip() for part in parts for line in part.splitlines())))
        elif tok.type == "inline":
            stray = [line for line in tok.content.splitlines() if line.startswith(": ")]
            assert not stray, f"{page.where(tok.map[0] + 1)}: definition without a term: {stray[0]}"
    return entries


def term_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in re.split(r"[\s-]+", term)]
    last = words[-1]
    if term.endswith("y") and not term.endswith(("ay", "ey", "oy", "uy")):
        last = rf"(?:{last}|{last[:-1]}ies)"
    else:
        last = rf"{last}(?:s|es)?"
    return re.compile(r"(?<![\w])" + r"[\s-]+".join(words[:-1] + [last]) + r"(?![\w])", re.I)


def test_glossary_has_at_least_forty_terms():
    terms = [t for t, _d in glossary()]
    assert len(terms) >= 40, len(terms)
    assert len({t.lower() for t in terms}) == len(terms), "duplicated term"
    assert [t.lower() for t in terms] == sorted(t.lower() for t in terms), "keep the glossary alphabetical"


def test_glossary_definitions_are_one_or_two_sentences():
    for term, definition in glossary():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z`])", definition) if s]
        assert 1 <= len(sentences) <= 2, f"{term}: {len(sentences)} sentences"
        assert definition.endswith("."), term


def test_every_glossary_term_is_used_in_an_episode():
    text = "\n".join(read(p) for p in episodes() if p.exists())
    unused = [term for term, _d in glossary() if not term_pattern(term).search(text)]
    assert not unused, f"glossary terms no episode uses: {unused}"


def test_term_pattern_allows_simple_plurals():
    assert term_pattern("epoch").search("ten epochs")
    assert term_pattern("batch").search("batches of 32")
    assert term_pattern("accuracy").search("accuracy")
    assert term_pattern("activation function").search("activation\nfunctions")
    assert term_pattern("cross-entropy").search("cross entropy")
    assert not term_pattern("loss").search("lossless")


# --- profiles, citation, license, code of conduct --------------------------------------------


def test_profiles_are_at_least_four_personas_each_under_a_heading():
    profiles = sorted((ROOT / "profiles").glob("*.md"))
    assert len(profiles) >= 4
    names = []
    for path in profiles:
        level2 = [h for h in parse_page(path, read(path)).headings if h.level == 2]
        assert len(level2) == 1, f"{path.name}: one ## heading with the persona's name"
        names.append(level2[0].text)
        assert len(read(path).split()) > 120, f"{path.name} is too short to be a persona"
    assert len(set(names)) == len(names)


def test_citation_cff_is_valid():
    cff = yaml.safe_load(read(ROOT / "CITATION.cff"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "abstract"):
        assert isinstance(cff[key], str) and cff[key].strip()
    assert cff["title"] == LESSON.config["title"]
    assert cff["type"] == "dataset"
    assert cff["license"] == "CC-BY-4.0"
    assert cff["repository-code"] == LESSON.config["source"], "CITATION.cff and config.yaml name different homes"
    assert cff["url"] == site_url(LESSON.config)
    datetime.date.fromisoformat(str(cff["date-released"]))
    assert cff["keywords"] and all(isinstance(k, str) for k in cff["keywords"])
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    references = cff.get("references", [])
    allowed = {"data", "software", "report", "article", "dataset"} - {"dataset"}  # CFF: datasets are 'data'
    for ref in references:
        assert ref["type"] in allowed and ref["title"] and ref["authors"], ref


def sandpaper_citation(cff: dict) -> str:
    """The citation sandpaper's build_citation.R prints (parse_cff and generate_author_names, text form):
    only given-names and family-names of each author are printed, and the version in brackets."""
    names = []
    for author in cff.get("authors") or []:
        name = f"{author.get('given-names', '')} {author.get('family-names', '')}".strip()
        names.append(name)
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    year = str(cff.get("date-released", ""))[:4]
    return f"{authors} ({year}). {cff.get('title')}. Version [{cff.get('version', 'unversioned')}]."


PERSON_KEYS = {"address", "affiliation", "alias", "city", "country", "email", "family-names", "fax", "given-names",
               "name-particle", "name-suffix", "orcid", "post-code", "region", "tel", "website"}


def test_citation_page_prints_authors_and_a_version():
    """The Workbench's Cite page must name the authors and a version: each author is a CFF person (an entity's
    `name` is not printed), a version is given, and no top-level doi or preferred-citation replaces the text."""
    cff = yaml.safe_load(read(ROOT / "CITATION.cff"))
    for author in cff["authors"]:
        assert "name" not in author, "sandpaper prints no entity name: write a team as family-names"
        assert author.get("family-names", "").strip(), author
        assert set(author) <= PERSON_KEYS, set(author) - PERSON_KEYS  # the CFF 1.2.0 person schema
    assert re.fullmatch(r"\d{4}\.\d{2}(\.\d+)?", str(cff["version"])), "version: YYYY.MM of the release"
    assert str(cff["date-released"]).startswith(str(cff["version"])[:4])
    assert "doi" not in cff and "preferred-citation" not in cff
    assert sandpaper_citation(cff) == (
        f"The deep-learning-intro contributors ({str(cff['date-released'])[:4]}). Introduction to deep learning. "
        f"Version [{cff['version']}].")


def test_sandpaper_citation_shows_what_went_wrong_before():
    """The old file (an entity, no version) printed neither authors nor a version."""
    old = {"authors": [{"name": "The deep-learning-intro contributors"}], "title": "T", "date-released": "2026-11-22"}
    assert sandpaper_citation(old) == " (2026). T. Version [unversioned]."


def test_the_lessons_home_is_named_once_and_agrees_everywhere():
    """config.yaml's `source` is the lesson's home; the files read on their own (LICENSE, the checker,
    CITATION.cff) repeat it, and nothing presents another lesson's repository as ours."""
    source = LESSON.config["source"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", source)
    assert f"<{source}>" in read(ROOT / "LICENSE.md")
    checker = read(CHECKER)
    assert f"({source})" in checker and f'SETUP_PAGE = "{site_url(LESSON.config)}#setup"' in checker
    others = re.compile(r"carpentries-(incubator|lab)(\.github\.io)?/deep-learning-intro")
    files = [ROOT / "config.yaml", ROOT / "CITATION.cff", ROOT / "LICENSE.md", ROOT / "index.md", CHECKER,
             *sorted((ROOT / "episodes" / "files").glob("*.ipynb")), *sorted((ROOT / "episodes" / "files").glob("*.py")),
             *LESSON.all_pages()]
    for path in files:
        if path.exists():
            found = others.search(read(path))
            assert not found, f"{path.relative_to(ROOT)} names another lesson's repository: {found.group(0)}"


def test_contact_is_an_email_address_not_the_templates():
    """The Workbench prints `contact` as a mailto: link in every footer, so it must be an email address."""
    contact = LESSON.config["contact"]
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", contact), contact
    assert contact != "team@carpentries.org", "the template's generic address is not this lesson's contact"


def test_license_has_both_licenses_with_https_links():
    text = read(ROOT / "LICENSE.md")
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "https://opensource.org/license/mit" in text
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
    for code in ("lessonkit/", "tests/", "fig/", "episodes/files/"):
        assert f"`{code}`" in text


def test_code_of_conduct_points_to_the_carpentries():
    assert "https://docs.carpentries.org/policies/coc/" in read(ROOT / "CODE_OF_CONDUCT.md")
