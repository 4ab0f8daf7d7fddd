"""What went wrong while rendering a template -> a SiteError at the template's line."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from mvsite.errors import SiteError
from mvsite.render.template_names import MissingName, did_you_mean, read_of, readable_names
from mvsite.render.template_syntax import misplaced_tag, unknown_name
from mvsite.render.theme_files import shown_template_path
from mvsite.sources.limits import TimeLimitExceeded


def template_error(
    exc: BaseException, env: jinja2.Environment, site_root: Path, seconds: float | None
) -> SiteError | None:
    """The error to show for `exc`, raised while rendering with `env`; None: let `exc`
    through (a SiteError that names its own file, or a bug outside any template)."""
    if isinstance(exc, TimeLimitExceeded):
        return _too_slow(exc, site_root, seconds)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_error(exc, env, site_root)
    if isinstance(exc, jinja2.TemplateNotFound):
        return _not_found(exc, site_root)
    if isinstance(exc, MissingName) and isinstance(exc.name, str):
        return _missing_name(exc, env, site_root)
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined(exc, site_root)
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return _not_allowed(exc, site_root)
    if isinstance(exc, SiteError):
        if exc.path is not None:  # a template file that cannot be read names itself
            return None
        where, line = template_frame(exc, site_root)
        return SiteError(exc.message, where, line, exc.hint)
    if isinstance(exc, jinja2.TemplateRuntimeError):  # an unknown filter inside {% if %}
        where, line = template_frame(exc, site_root)
        unknown = unknown_name(exc, env, where, line) if where else None
        if unknown is not None:
            return unknown
    if isinstance(exc, Exception):
        return _failed_in_template(exc, site_root)
    return None


def _too_slow(exc: TimeLimitExceeded, site_root: Path, seconds: float | None) -> SiteError:
    where, line = template_frame(exc, site_root)
    return SiteError(
        f"template took longer than {seconds:g} s to render",
        where,
        line,
        "look for loops inside loops on this line; if the template is fine, raise"
        " convert_time_limit in mvsite.yaml",
    )


def _syntax_error(
    exc: jinja2.TemplateSyntaxError, env: jinja2.Environment, site_root: Path
) -> SiteError:
    where = shown_template_path(exc.filename, site_root) if exc.filename else None
    named = unknown_name(exc, env, where, exc.lineno) or misplaced_tag(exc, env, where)
    if named is not None:
        return named
    return SiteError(
        f"template syntax: {exc.message}",
        where,
        exc.lineno,
        "check that every {% ... %} and {{ ... }} on this line is complete and closed",
    )


def _not_found(exc: jinja2.TemplateNotFound, site_root: Path) -> SiteError:
    where, line = template_frame(exc, site_root)
    if where is None:  # the page's own template (render_page puts it at the page)
        return SiteError(
            f"template not found: {exc.name}",
            hint=f"add templates/{exc.name}, or name an existing template",
        )
    return SiteError(
        f"template not found: {exc.name}",
        where,
        line,
        "include, import or extend a template by its path inside templates/;"
        " no other file can be used",
    )


def _undefined(exc: jinja2.UndefinedError, site_root: Path) -> SiteError:
    where, line = template_frame(exc, site_root)
    return SiteError(
        f"template: {exc.message}",
        where,
        line,
        "check the spelling; templates get page, config, data and figures",
    )


def _missing_name(exc: MissingName, env: jinja2.Environment, site_root: Path) -> SiteError:
    """`page.titel` -> `page has no 'titel'`, and the name it is closest to."""
    where, line = template_frame(exc, site_root)
    name = str(exc.name)
    if isinstance(exc.obj, jinja2.environment.TemplateModule):
        what, has = "the imported templates", "have"
    else:
        source = _source_of(exc)
        tokens = env.lex(source) if source is not None and line is not None else ()
        read = read_of(tokens, line, name) if line is not None else None
        what, has = read or f"the {type(exc.obj).__name__}", "has"
    names = readable_names(env, exc.obj)
    listed = ", ".join(sorted(names)[:_LISTED]) + (", ..." if len(names) > _LISTED else "")
    hint = did_you_mean(name, names, f"{what} {has}: {listed}" if names else "check the name")
    return SiteError(f"{what} {has} no '{name}'", where, line, hint)


def _source_of(exc: BaseException) -> str | None:
    """The text of the innermost template file in the exception's traceback (as Jinja
    rewrote it: a template line's frame has the template's file as its code's file)."""
    filename = None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            filename = template.filename
        elif frame.f_code.co_filename.endswith((".html", ".xml")):
            filename = frame.f_code.co_filename
    try:
        return Path(filename).read_text(encoding="utf-8") if filename else None
    except (OSError, UnicodeError):
        return None


_LISTED = 20


def _not_allowed(exc: jinja2.exceptions.SecurityError, site_root: Path) -> SiteError:
    where, line = template_frame(exc, site_root)
    return SiteError(
        f"template: not allowed: {exc}",
        where,
        line,
        "templates run in a sandbox: they can use the values they get (page, config,"
        " data, figures), not Python's internals or files",
    )


def _failed_in_template(exc: Exception, site_root: Path) -> SiteError | None:
    """Any other exception, if a template line raised it."""
    where, line = template_frame(exc, site_root)
    if where is None:
        return None
    hint = "check this template line"
    if isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
        hint = "loop over the site's values (page.pages, data, figures), not a range this big"
    return SiteError(f"template: {type(exc).__name__}: {exc}", where, line, hint)


def template_frame(exc: BaseException, site_root: Path) -> tuple[Path | None, int | None]:
    """The innermost template line in the exception's traceback. Jinja rewrites the
    traceback of an Exception to show template lines; for anything else (the time limit)
    the compiled code's frames are mapped to template lines here."""
    found: tuple[Path | None, int | None] = (None, None)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (
                shown_template_path(template.filename, site_root),
                template.get_corresponding_lineno(lineno),
            )
        elif frame.f_code.co_filename.endswith((".html", ".xml")):
            found = shown_template_path(frame.f_code.co_filename, site_root), lineno
    return found
