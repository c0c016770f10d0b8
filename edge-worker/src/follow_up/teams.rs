//! `/v1/admin/sites/{site}/teams` and `/routing`: a site's teams, when their urgent items go up,
//! and which team gets which items. Guarded by the admin token.

use std::collections::BTreeSet;

use feedback_core::follow_up::team::{Escalation, Routing, TeamName};
use feedback_core::FieldError;
use worker::Response;

use crate::admin::authorise;
use crate::api_error::ApiError;
use crate::bindings::Bindings;
use crate::request::Request;
use crate::runtime::Now;
use crate::sites;
use crate::store::teams;

/// How many items' moves one D1 batch carries when new rules are applied to stored items.
const MOVES_PER_BATCH: usize = 50;

fn team_name(name: &str) -> Result<TeamName, ApiError> {
    TeamName::parse(name).map_err(|e| {
        ApiError::InvalidFields(vec![FieldError::new("team", "pattern", e.to_string())])
    })
}

/// `PUT /v1/admin/sites/{site}/teams/{team}`: makes a team or changes when its items go up.
pub async fn put(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
    name: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let name = team_name(name)?;
    let escalation = Escalation::from_json(&req.text().await?).map_err(ApiError::InvalidFields)?;
    let existed = teams::one(&bindings.db, site, name.as_str())
        .await?
        .is_some();
    let team = teams::upsert(
        &bindings.db,
        site,
        name.as_str(),
        &escalation,
        &Now::read().iso,
    )
    .await?
    .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    Ok(Response::from_json(&team)?.with_status(if existed { 200 } else { 201 }))
}

/// `GET /v1/admin/sites/{site}/teams/{team}`.
pub async fn show(
    req: &Request,
    bindings: &Bindings,
    site: &str,
    name: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let team = teams::one(&bindings.db, site, team_name(name)?.as_str()).await?;
    let team =
        team.ok_or_else(|| ApiError::NotFound(format!("/v1/admin/sites/{site}/teams/{name}")))?;
    Ok(Response::from_json(&team)?)
}

/// `GET /v1/admin/sites/{site}/teams`.
pub async fn list(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    if teams::routing(&bindings.db, site).await?.is_none() {
        return Err(ApiError::UnknownSite(site.to_owned()));
    }
    let teams = teams::list(&bindings.db, site).await?;
    Ok(Response::from_json(&serde_json::json!({ "teams": teams }))?)
}

/// `GET /v1/admin/sites/{site}/routing`.
pub async fn routing(req: &Request, bindings: &Bindings, site: &str) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let stored = teams::routing(&bindings.db, site)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    Ok(Response::from_json(
        &Routing::from_stored(&stored).to_json(),
    )?)
}

/// `PUT /v1/admin/sites/{site}/routing`: new rules for new items; with `reassign: true`, stored
/// items move to the teams the new rules give them too (a move changes only an item's team, so no
/// rule change can lose one). Answers the routing and how many items moved.
pub async fn set_routing(
    req: &mut Request,
    bindings: &Bindings,
    site: &str,
) -> Result<Response, ApiError> {
    authorise(req, bindings)?;
    let body = req.text().await?;
    let db = &bindings.db;
    let known: BTreeSet<String> = teams::list(db, site)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let change = Routing::from_json(&body, |team| known.contains(team.as_str()))
        .map_err(ApiError::InvalidFields)?;
    let stored = change.routing.to_json().to_string();
    teams::set_routing(db, site, &stored)
        .await?
        .ok_or_else(|| ApiError::UnknownSite(site.to_owned()))?;
    sites::forget(site);
    let mut moved = 0;
    if change.reassign {
        let groups = teams::groups(db, site).await?;
        let mut statements = Vec::with_capacity(groups.len());
        for group in &groups {
            let team =
                change
                    .routing
                    .team_for(&group.page, group.channel(), group.locale.as_deref());
            statements.push(teams::reassign(
                db,
                site,
                group,
                team.map(TeamName::as_str),
            )?);
        }
        let mut statements = statements.into_iter().peekable();
        while statements.peek().is_some() {
            let batch: Vec<_> = statements.by_ref().take(MOVES_PER_BATCH).collect();
            for result in db.batch(batch).await? {
                moved += result.results::<serde_json::Value>()?.len();
            }
        }
    }
    let mut answer = change.routing.to_json();
    answer["reassigned_items"] = moved.into();
    Ok(Response::from_json(&answer)?)
}
