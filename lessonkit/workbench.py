"""Facts of the Carpentries Workbench format, written once for the lint, the preview and the notebook
export (see /work/shared/workbench-format.md for where each comes from in sandpaper and pegboard)."""
import re
from pathlib import Path

#: The four source folders; each becomes part of one flat site.
SOURCE_DIRS = ("episodes", "learners", "instructors", "profiles")
#: Folders of a source folder that are merged at the site root.
ASSET_DIRS = ("fig", "data", "files")
#: Top-level pages sandpaper builds besides index.md.
TOP_LEVEL_PAGES = ("LICENSE.md", "CODE_OF_CONDUCT.md")
#: sandpaper's default for a missing or invalid `teaching` or `exercises`.
DEFAULT_MINUTES = 5

#: Callout divs and the title lesson.lua gives one without a heading (sandpaper's English labels).
CALLOUT_LABELS = {"callout": "Callout", "caution": "Caution", "challenge": "Challenge", "prereq": "Prerequisite",
                  "checklist": "Checklist", "discussion": "Discussion", "testimonial": "Testimonial",
                  "keypoints": "Key Points"}
#: Divs shown collapsed, with the label of their button.
ACCORDION_LABELS = {"solution": "Show me the solution", "hint": "Give me a hint", "spoiler": "Show details",
                    "instructor": "Instructor Note"}
#: Every div class the Workbench knows.
KNOWN_DIVS = set(CALLOUT_LABELS) | set(ACCORDION_LABELS) | {"questions", "objectives", "tab", "group-tab"}
#: Divs whose content is answers or notes, not what a learner types along.
HIDDEN_DIVS = ("solution", "instructor", "spoiler")

#: Names of pages the Workbench generates (a source page must not take them).
RESERVED = {"index", "setup", "reference", "profiles", "instructor-notes", "key-points", "aio", "images", "404"}
#: Files sandpaper never builds into pages (GitHub's own), in any folder.
NOT_BUILT = ("README", "CONTRIBUTING")

#: Lines sandpaper requires in .gitignore.
GITIGNORE_REQUIRED = ("episodes/*html", "site/*", "!site/README.md", ".Rhistory", ".Rapp.history", ".RData",
                      ".Ruserdata", "*-Ex.R", "/*.tar.gz", "/*.Rcheck/", ".Rproj.user/", "vignettes/*.html",
                      "vignettes/*.pdf", ".httr-oauth", "*_cache/", "/cache/", "*.utf8.md", "*.knit.md",
                      ".Renviron", "docs/", "po/*~")

#: Pandoc reader format of sandpaper (R/render_html.R, construct_pandoc_args()).
PANDOC_READER = ("markdown-hard_line_breaks+smart+auto_identifiers+autolink_bare_uris+emoji+footnotes"
                 "+header_attributes+inline_notes+link_attributes+markdown_in_html_blocks+native_divs"
                 "+tex_math_dollars+tex_math_single_backslash+yaml_metadata_block")

# -- links -------------------------------------------------------------------------------------

KNOWN_PROTOCOLS = {"http", "https", "ftp", "ftps", "mailto", "news", "irc", "irc6", "ircs", "gopher", "nntp",
                   "feed", "telnet", "mms", "rtsp", "sms", "svn", "tel", "fax", "xmpp", "webcal", "urn"}
#: Link texts pegboard reports as uninformative.
UNINFORMATIVE = re.compile(
    r"^(link|this|this link|a link|link to|(click )?here( for)?|over here( for)?|more( about)?|for more( about)?|"
    r"more info(rmation)?( about)?|for more info(rmation)?( about)?|read more( about)?|read on( about)?)$")
#: The peer lesson of the same name (its repository moved from the incubator to the lab): not ours.
PEER_LESSON = re.compile(r"^https?://(www\.)?(github\.com/|raw\.githubusercontent\.com/)?"
                         r"carpentries-(incubator|lab)(/|\.github\.io/)deep-learning-intro(?![-\w])", re.I)
#: Whether a link target leaves the lesson: it has a scheme (https:, mailto:) or starts with //.
is_external = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)").match


def site_link(target: str, view: str = "learner", image: bool = False) -> str:
    """Where a link written in a source page points in the built site: lesson.lua flatten_links drops one leading
    ../ and a source-folder prefix and makes .md/.Rmd .html; sandpaper fix_setup_link sends setup.html to the home
    page, which shows it; in the instructor view (use_instructor) resources are one folder up, pages next door."""
    t = re.sub(rf"^({'|'.join(SOURCE_DIRS)})/", "", re.sub(r"^\.\./", "", target))
    t = t if t.startswith(("http", "ftp:")) else re.sub(r"\.R?md(#\S+)?$", r".html\1", t)
    path, _, frag = t.partition("#")
    t = "index.html#" + (frag or "setup") if path == "setup.html" else t
    if view != "instructor" or not t or is_external(t) or t.startswith("#"):
        return t
    path = t.partition("#")[0].split("?", 1)[0]
    resource = image or Path(path).suffix.lower() not in (".html", "") or "/" in path.removeprefix("./")
    return "../" + t if resource else t


def site_url(config: dict) -> str:
    """The published lesson's address: config `url`, or https://OWNER.github.io/REPO/ from `source`."""
    source = re.match(r"https?://github\.com/([^/]+)/([^/#?]+)", str(config.get("source") or ""))
    url = str(config.get("url") or "").strip() or (
        f"https://{source[1].lower()}.github.io/{source[2].removesuffix('.git')}/" if source else "")
    return url + "/" if url and not url.endswith("/") else url


def own_url_duplicate(target: str, config: dict) -> bool:
    """An absolute URL into the lesson's own repository (config.yaml `source`) or its published site, where
    a relative link belongs (it works on the site, in the preview and in every fork)."""
    m = re.match(r"https?://(www\.)?github\.com/([^/]+)/([^/#?]+)/?$", str(config.get("source") or "").strip(), re.I)
    if not m:
        return False
    owner, repo = re.escape(m.group(2)), re.escape(m.group(3).removesuffix(".git"))
    site = site_url(config)
    return bool(re.match(rf"https?://((www\.)?github\.com|raw\.githubusercontent\.com)/{owner}/{repo}/[^#?]", target,
                         re.I)) or bool(site) and target.lower().startswith(site.lower()) and len(target) > len(site)


# -- which Markdown files become pages -----------------------------------------------------------

def built_markdown(root: Path, config: dict) -> list[Path]:
    """The Markdown files sandpaper builds (get_resource_list(): every .md or .Rmd at the top and one folder
    deep, not hidden, not README or CONTRIBUTING, not in site/; in a source folder config.yaml lists, only
    the listed files). links.md is appended to pages, not built as one."""
    out = []
    for path in sorted(root.glob("*.*md")) + sorted(root.glob("*/*.*md")):
        rel = path.relative_to(root)
        listed = config.get(rel.parts[0]) if len(rel.parts) == 2 and rel.parts[0] in SOURCE_DIRS else None
        draft = listed and rel.name not in listed and rel.as_posix() != "learners/setup.md"
        if not (draft or path.suffix.lower() not in (".md", ".rmd") or path.stem in NOT_BUILT or rel.parts[0] == "site"
                or any(part.startswith(".") for part in rel.parts) or rel.as_posix() == "links.md"):
            out.append(path)
    return out
