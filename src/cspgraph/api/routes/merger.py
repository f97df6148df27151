"""The merger what-if over HTTP: ``POST /api/merger`` (JSON in, the report JSON out), and ``GET``/``POST /merger``
(an HTML form and the rendered report)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from cspgraph.api.deps import AsOfDep, StoreDep
from cspgraph.api.limits import compute
from cspgraph.errors import InputError, TooLarge
from cspgraph.merger import check_merger, list_scenarios, load_scenario
from cspgraph.resolve import split_values

router = APIRouter(tags=["merger"])


class MergerRequest(BaseModel):
    """A proposed combination of CSPs."""

    model_config = ConfigDict(extra="forbid")

    csps: list[str] = Field(
        description="two or more CSP codes (E22000027), URIs or names, each once (at most CSPGRAPH_MAX_MERGER_CSPS)",
        examples=[["E22000027", "E22000029"]],
        min_length=2,
        json_schema_extra={"uniqueItems": True},
    )
    name: str | None = Field(default=None, description="a name for the combined CSP")
    parties: list[str] | None = Field(
        default=None,
        description="the bodies that would sign (codes, paths such as local-policing-body/E23000013, or URIs); "
        "without it the agreement is evaluated as if every required party signed",
    )
    cooperation_arrangements: bool = Field(
        default=True, description="whether the agreement contains co-operation arrangements (across police areas)"
    )


def _check(request: Request, store: Any, csps: list[str], as_of: Any = None, **kw: Any) -> Any:
    """A merger check within the server's limits (at most ``max_merger_csps`` CSPs, 413), on the landscape in force
    on ``as_of`` when given (``?as_of=``), else on the dataset's own date."""
    limit = request.app.state.settings.max_merger_csps
    if len(csps) > limit:
        raise TooLarge(f"{len(csps)} CSPs is more than the {limit} one merger check takes (CSPGRAPH_MAX_MERGER_CSPS)")
    if as_of is not None:
        from cspgraph.asof import in_force

        store = in_force(store, as_of)
    return check_merger(store, csps, **kw)


@router.post("/api/merger", summary="Check a proposed CSP combination against the law")
async def api_merger(request: Request, body: MergerRequest, store: StoreDep, as_of: AsOfDep) -> Response:
    """The same report as ``cspgraph merger check --format json``; a problem body naming the bad input."""
    report = await compute(
        request,
        lambda: _check(
            request,
            store,
            body.csps,
            as_of,
            name=body.name,
            parties=body.parties,
            cooperation_arrangements=body.cooperation_arrangements,
        ),
    )
    return JSONResponse(report.to_json())


def _scenarios() -> list[dict[str, str]]:
    out = []
    for p in list_scenarios():
        try:
            sc = load_scenario(p)
        except InputError:
            continue
        out.append(
            {"stem": p.stem, "name": sc.name, "csps": "\n".join(sc.csps), "parties": "\n".join(sc.parties or [])}
        )
    return out


def _page(request: Request, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    base = {"scenarios": _scenarios(), "form": {"csps": "", "name": "", "parties": "", "coop": True}}
    base.update(ctx)
    return templates.TemplateResponse(request, "merger.html", base, status_code=status)  # type: ignore[no-any-return]


@router.get("/merger", response_class=HTMLResponse, summary="The merger check form")
def merger_form(request: Request, scenario: str | None = None) -> HTMLResponse:
    form: dict[str, Any] = {"csps": "", "name": "", "parties": "", "coop": True}
    if scenario:
        shipped = {p.stem: p for p in list_scenarios()}
        if scenario not in shipped:  # only the shipped scenarios, by name: never a path on the server
            names = ", ".join(sorted(shipped)) or "none"
            return _page(request, {"error": f"no shipped scenario is called {scenario!r}; they are: {names}"}, 404)
        try:
            sc = load_scenario(shipped[scenario])
        except InputError as e:
            return _page(request, {"error": str(e)}, status=400)
        form = {
            "csps": "\n".join(sc.csps),
            "name": sc.name,
            "parties": "\n".join(sc.parties or []),
            "coop": sc.cooperation_arrangements,
        }
    return _page(request, {"form": form})


@router.post("/merger", response_class=HTMLResponse, summary="Check a combination and render the report")
async def merger_submit(
    request: Request,
    store: StoreDep,
    csps: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    parties: Annotated[str, Form()] = "",
    cooperation_arrangements: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    coop = cooperation_arrangements is not None
    form = {"csps": csps, "name": name, "parties": parties, "coop": coop}
    party_list = split_values(parties) or None
    try:
        report = await compute(
            request,
            lambda: _check(
                request,
                store,
                split_values(csps),
                name=name.strip() or None,
                parties=party_list,
                cooperation_arrangements=coop,
            ),
        )
    except InputError as e:
        return _page(request, {"form": form, "error": str(e)}, status=400)
    return _page(request, {"form": form, "report": report.to_json()})
