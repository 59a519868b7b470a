export const WidgetHost = () => <div id="host" />;
