//! `GET /v1/pages/stats?site=…`: per-page results, ranked by `feedback-core`.

use feedback_core::{PageStats, Rating};
use serde::{Deserialize, Serialize};
use worker::{Env, Request, Response};

use crate::api_error::ApiError;

const SITE_EXISTS: &str = "SELECT id FROM sites WHERE id = ?1";
const COUNTS_BY_PAGE: &str = "
SELECT page, rating, COUNT(*) AS votes FROM feedback
WHERE site_id = ?1 AND rating IS NOT NULL
GROUP BY page, rating";

#[derive(Deserialize)]
struct Query {
    site: Option<String>,
}

#[derive(Deserialize)]
struct Count {
    page: String,
    rating: String,
    votes: u64,
}

#[derive(Serialize)]
struct SiteStats {
    site: String,
    pages: Vec<PageStats>,
}

/// Answers every page's counts for one site, best first.
pub async fn pages(req: &Request, env: &Env) -> Result<Response, ApiError> {
    let Query { site } = req.query().unwrap_or(Query { site: None });
    let site = site.unwrap_or_default();
    let db = env.d1("DB")?;
    let known: Option<serde_json::Value> = db
        .prepare(SITE_EXISTS)
        .bind(&[site.as_str().into()])?
        .first(None)
        .await?;
    if known.is_none() {
        return Err(ApiError::UnknownSite(site));
    }
    let counts: Vec<Count> = db
        .prepare(COUNTS_BY_PAGE)
        .bind(&[site.as_str().into()])?
        .all()
        .await?
        .results()?;
    let counts = counts
        .into_iter()
        .filter_map(|c| Some((c.page, Rating::parse(&c.rating)?, c.votes)));
    let pages = PageStats::per_page(counts);
    Ok(Response::from_json(&SiteStats { site, pages })?)
}
