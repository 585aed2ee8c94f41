// Progress charts. Every <canvas data-chart-source="ID"> is drawn with Chart.js
// from the JSON in <script type="application/json" id="ID">, which Django's
// json_script filter writes; no chart code lives in a page. Load Chart.js
// (static/vendor/chartjs/chart.umd.min.js) first, both with `defer`.
//
// The JSON (built by progress/charts/; see its docstring):
//   {
//     "type": "line" | "bar",          the chart's base type
//     "labels": ["2026-03-02", ...],   ISO dates, one per point
//     "x": [1772409600000, ...],       the same dates in ms (UTC midnight): the x axis
//     "per": "day" | "week" | "month", what one point stands for (tooltips)
//     "datasets": [{
//       "label": "Top load (kg)",
//       "data": [80.5, null, ...],     one number per label; null draws no point
//       "style": "line" | "bar" | "target" | "band" | "records",
//       "axis": "y" | "y2",            optional; "y2" is the right-hand axis
//       "notes": ["...", null, ...]    optional text per point, shown in the tooltip
//     }],
//     "y_label": "kg", "y_min": 0, "y_max": null, "y_integer": false,
//     "y_names": {"3": "Red"},         optional names for values (ticks, tooltips)
//     "y2_label", "y2_min", "y2_max", "y2_integer", "y2_names": the same, right axis
//     "step": false                    lines as steps: a stage holds until it changes
//   }
// Styles: "line" a line with points; "bar" bars; "target" a dashed line without
// points (repeat the value on every label); "band" a target that shades the area
// down to the dataset before it; "records" points only, on the record days.
//
// The x axis is time (a linear axis on the timestamps, with calendar ticks made
// here: no date adapter to ship), so two months between points look wider than
// six days. Each chart stays reachable as Chart.getChart(canvas). Charts are drawn without
// animation, the first at once and each of the others in a task of its own, so a
// slow phone can paint and answer a tap between them.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }

  // Dark mode (static/js/theme.js sets data-bs-theme): lighter lines, text and grid in
  // the page's own colours, so a chart reads on either background.
  var DARK = document.documentElement.getAttribute("data-bs-theme") === "dark";
  var COLOURS = DARK
    ? ["#8fb8e8", "#ff9c5b", "#c7a4ef", "#7fd49a"]
    : ["#1f4e79", "#b34700", "#5b2a86", "#1e6b34"];
  var GUIDE = DARK ? "#b8b8b8" : "#4d4d4d";
  var BAND_FILL = DARK ? "rgba(127, 212, 154, 0.16)" : "rgba(30, 107, 52, 0.14)";
  var RECORD = DARK ? "#ffd24d" : "#c48a00";
  var RECORD_EDGE = DARK ? "#fff0b3" : "#6b4a00";
  var page = window.getComputedStyle(document.body);
  Chart.defaults.color = page.getPropertyValue("--bs-body-color").trim() || Chart.defaults.color;
  Chart.defaults.borderColor =
    page.getPropertyValue("--bs-border-color-translucent").trim() || Chart.defaults.borderColor;
  var DENSE = 60;
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  var DAY_MS = 24 * 3600 * 1000;
  var UNIT_MS = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };
  // Calendar steps between ticks, finest first: days, Mondays, months, years.
  var STEPS = [
    { days: 1 },
    { days: 2 },
    { days: 7 },
    { days: 14 },
    { months: 1 },
    { months: 2 },
    { months: 3 },
    { months: 6 },
    { months: 12 },
    { months: 24 },
    { months: 60 },
  ];
  var TICK_ROOM = 48; // px a date label needs, "29 Nov" or "Sep", with a gap

  // Month names as the tables spell them ("Sep", not the "Sept" some browsers
  // give for en-GB); dates are UTC midnights, so read them in UTC.
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function monthOnly(date) {
    return MONTHS[date.getUTCMonth()];
  }
  function dayMonth(date) {
    return date.getUTCDate() + " " + monthOnly(date);
  }
  function monthYear(date) {
    return monthOnly(date) + " " + date.getUTCFullYear();
  }
  function fullDate(date) {
    return dayMonth(date) + " " + date.getUTCFullYear();
  }

  function asTime(label) {
    var match = ISO_DATE.exec(label);
    return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
  }

  function year(time) {
    return new Date(time).getUTCFullYear();
  }

  // A tooltip's title: "3 Nov" ("3 Nov 2025" on a chart across years), "Week of 3 Nov", "Nov 2025".
  function pointTitle(time, per, years) {
    var date = new Date(time);
    if (per === "month") {
      return monthYear(date);
    }
    var day = (years ? fullDate : dayMonth)(date);
    return per === "week" ? "Week of " + day : day;
  }

  function stepSize(step) {
    return step.days ? step.days * DAY_MS : step.months * 30.44 * DAY_MS;
  }

  // Ticks on calendar boundaries between min and max, at most `room` of them.
  function calendarTicks(min, max, room) {
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) {
      if ((max - min) / stepSize(STEPS[i]) <= room) {
        step = STEPS[i];
        break;
      }
    }
    var values = [];
    var start = new Date(min);
    var time;
    if (step.days) {
      time = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
      if (time < min) {
        time += DAY_MS;
      }
      while (step.days >= 7 && new Date(time).getUTCDay() !== 1) {
        time += DAY_MS; // weeks start on Monday, as the weekly chart's do
      }
      for (; time <= max; time += step.days * DAY_MS) {
        values.push(time);
      }
    } else {
      var month = start.getUTCFullYear() * 12 + start.getUTCMonth();
      if (Date.UTC(Math.floor(month / 12), month % 12, 1) < min) {
        month++;
      }
      while (month % step.months) {
        month++;
      }
      for (; ; month += step.months) {
        time = Date.UTC(Math.floor(month / 12), month % 12, 1);
        if (time > max) {
          break;
        }
        values.push(time);
      }
    }
    return { step: step, values: values };
  }

  // A tick's label: "3 Nov", "Nov", "2026"; the year on a second line where it
  // changes (and on the first tick) when the chart crosses years.
  function tickLabel(time, previous, step, years) {
    var date = new Date(time);
    if (step.months >= 12) {
      return String(date.getUTCFullYear());
    }
    var text = (step.days ? dayMonth : monthOnly)(date);
    if (years && (previous === null || year(previous) !== year(time))) {
      return [text, String(year(time))];
    }
    return text;
  }

  function named(names, value) {
    if (value === null || value === undefined) {
      return "none";
    }
    if (names && Object.prototype.hasOwnProperty.call(names, String(value))) {
      return names[String(value)];
    }
    return String(value);
  }

  function dataset(spec, index, step, dense, xs) {
    var colour = COLOURS[index % COLOURS.length];
    var style = spec.style || "line";
    var base = {
      label: spec.label,
      data: (spec.data || []).map(function (value, i) {
        return { x: xs[i], y: value };
      }),
      yAxisID: spec.axis === "y2" ? "y2" : "y",
      hamstrongStyle: style,
      hamstrongNotes: spec.notes || null,
    };
    if (style === "bar") {
      return Object.assign(base, {
        type: "bar",
        backgroundColor: colour,
        borderColor: colour,
        // On a time axis each bar is as wide as the gaps to its neighbours allow.
        barThickness: "flex",
        maxBarThickness: 32,
        order: 2,
      });
    }
    if (style === "target" || style === "band") {
      return Object.assign(base, {
        type: "line",
        borderColor: GUIDE,
        borderDash: [6, 4],
        borderWidth: 2,
        pointRadius: 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
        backgroundColor: BAND_FILL,
        fill: style === "band" ? "-1" : false,
        order: 3,
      });
    }
    if (style === "records") {
      return Object.assign(base, {
        type: "line",
        showLine: false,
        pointStyle: "rectRot",
        pointRadius: 7,
        pointHoverRadius: 9,
        pointHitRadius: 12,
        backgroundColor: RECORD,
        borderColor: RECORD_EDGE,
        borderWidth: 1,
        order: 0,
      });
    }
    return Object.assign(base, {
      type: "line",
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      // Past a few months of training days, points would hide the line.
      pointRadius: dense ? 0 : 3,
      pointHoverRadius: 5,
      pointHitRadius: 10,
      spanGaps: true,
      stepped: step ? "before" : false,
      order: 1,
    });
  }

  function axis(data, prefix, position) {
    var names = data[prefix + "_names"] || null;
    var options = {
      type: "linear",
      position: position,
      title: { display: !!data[prefix + "_label"], text: data[prefix + "_label"] || "" },
      ticks: {},
    };
    if (data[prefix + "_min"] !== null && data[prefix + "_min"] !== undefined) {
      options.min = data[prefix + "_min"];
    }
    if (data[prefix + "_max"] !== null && data[prefix + "_max"] !== undefined) {
      options.max = data[prefix + "_max"];
    }
    if (data[prefix + "_integer"] || names) {
      options.ticks.precision = 0;
    }
    if (names) {
      options.ticks.callback = function (value) {
        return Number.isInteger(value) ? named(names, value) : "";
      };
    }
    if (prefix === "y2") {
      options.grid = { drawOnChartArea: false };
    }
    return options;
  }

  function build(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || Chart.getChart(canvas)) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    var labels = data.labels || [];
    var xs = data.x || labels.map(asTime);
    var per = UNIT_MS[data.per] ? data.per : "day";
    var specs = data.datasets || [];
    if (!xs.length) {
      return;
    }
    var usesY2 = specs.some(function (spec) {
      return spec.axis === "y2";
    });
    var hasBars = data.type === "bar" || specs.some(function (spec) {
      return spec.style === "bar";
    });
    var first = xs[0];
    var last = xs[xs.length - 1];
    var years = year(first) !== year(last);
    // Room either side, so the first and last bars (or points) are drawn whole.
    var unit = UNIT_MS[per];
    var before = xs.length > 1 ? xs[1] - first : unit;
    var after = xs.length > 1 ? last - xs[xs.length - 2] : unit;
    var edge = Math.max(unit, (last - first) / 40);
    var ticks = { step: STEPS[0], values: [] };
    var scales = {
      x: {
        type: "linear",
        offset: false,
        grid: { offset: false },
        min: first - (hasBars ? Math.max(unit, before) : edge) / 2,
        max: last + (hasBars ? Math.max(unit, after) : edge) / 2,
        afterBuildTicks: function (scale) {
          var room = Math.max(2, Math.floor(scale.width / TICK_ROOM));
          ticks = calendarTicks(scale.min, scale.max, room);
          scale.ticks = ticks.values.map(function (value) {
            return { value: value };
          });
        },
        ticks: {
          autoSkip: true,
          maxRotation: 0,
          callback: function (value, index) {
            var previous = index > 0 ? ticks.values[index - 1] : null;
            return tickLabel(value, previous, ticks.step, years);
          },
        },
      },
      y: axis(data, "y", "left"),
    };
    if (usesY2) {
      scales.y2 = axis(data, "y2", "right");
    }
    var colourIndex = 0;
    var datasets = specs.map(function (spec) {
      var guide = ["target", "band", "records"].indexOf(spec.style) !== -1;
      return dataset(spec, guide ? 0 : colourIndex++, !!data.step, xs.length > DENSE, xs);
    });

    new Chart(canvas, {
      type: data.type === "bar" ? "bar" : "line",
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: scales,
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              boxWidth: 10,
              boxHeight: 10,
              // In the order the JSON lists them, whatever order they are drawn in.
              sort: function (a, b) {
                return a.datasetIndex - b.datasetIndex;
              },
            },
          },
          tooltip: {
            filter: function (item) {
              var style = item.dataset.hamstrongStyle;
              var y = item.raw ? item.raw.y : null;
              return style !== "target" && style !== "band" && y !== null && y !== undefined;
            },
            callbacks: {
              title: function (items) {
                if (!items.length) {
                  return "";
                }
                return pointTitle(items[0].parsed.x, per, years);
              },
              label: function (item) {
                var notes = item.dataset.hamstrongNotes;
                var note = notes && notes[item.dataIndex];
                if (item.dataset.hamstrongStyle === "records") {
                  return note ? "Record: " + note : "Record";
                }
                var names = data[(item.dataset.yAxisID || "y") + "_names"];
                var text = item.dataset.label + ": " + named(names, item.raw.y);
                return note ? [text, note] : text;
              },
            },
          },
        },
      },
    });
  }

  var waiting = Array.prototype.slice.call(document.querySelectorAll("canvas[data-chart-source]"));
  function drawNext() {
    var canvas = waiting.shift();
    if (!canvas) {
      return;
    }
    build(canvas);
    if (waiting.length) {
      window.setTimeout(drawNext, 0);
    }
  }
  drawNext();
})();
